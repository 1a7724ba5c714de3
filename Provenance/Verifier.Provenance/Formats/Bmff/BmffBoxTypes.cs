namespace Verifier.Provenance.Formats.Bmff;

/// <summary>Which box types the header walk descends into and which carry a FullBox version/flags, as c2pa-rs reads them.</summary>
internal static class BmffBoxTypes
{
    /// <summary>Box types whose payload is a list of boxes (c2pa-rs descends into exactly these).</summary>
    private static readonly HashSet<string> Containers =
    [
        "moov", "trak", "mdia", "minf", "stbl", "moof", "traf", "edts", "udta", "dinf", "tref", "treg", "mvex", "mfra",
        "meta", "schi",
    ];

    /// <summary>ISO/IEC 14496-12:2022 FullBoxes (the list c2pa-rs uses for version/flags exclusion matching).</summary>
    private static readonly HashSet<string> FullBoxes =
    [
        "pdin", "mvhd", "tkhd", "mdhd", "hdlr", "nmhd", "elng", "stsd", "stdp", "stts", "ctts", "cslg", "stss", "stsh",
        "elst", "dref", "stsz", "stz2", "stsc", "stco", "co64", "padb", "subs", "saiz", "saio", "mehd", "trex", "mfhd",
        "tfhd", "trun", "tfra", "mfro", "tfdt", "leva", "trep", "assp", "sbgp", "sgpd", "csgp", "cprt", "tsel", "kind",
        "meta", "xml ", "bxml", "iloc", "pitm", "ipro", "infe", "iinf", "iref", "ipma", "schm", "fiin", "fpar", "fecr",
        "gitn", "fire", "stri", "stsg", "stvi", "csch", "sidx", "ssix", "prft", "srpp", "vmhd", "smhd", "srat", "chnl",
        "dmix", "txtC", "mime", "uri ", "uriI", "hmhd", "sthd", "vvhd", "medc",
    ];

    public static bool IsContainer(string type) => Containers.Contains(type);

    public static bool IsFullBox(string type) => FullBoxes.Contains(type);
}
