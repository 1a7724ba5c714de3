using System.Security;
using System.Text;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>A minimal XMP packet naming a remote manifest store (<c>dcterms:provenance</c>), as c2pa-rs reads it.</summary>
internal static class XmpPacket
{
    public static byte[] WithProvenance(string url) => Encoding.UTF8.GetBytes(
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>" +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
        "<rdf:Description rdf:about=\"\" xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"" +
        SecurityElement.Escape(url) + "\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>");

    public static SigningRefusedException AlreadyPresent(string format) => new(RefusalRule.RemoteWithExistingXmp,
        $"--remote: the {format} already carries XMP, which Verifier does not merge yet; remove it or sign without --remote");
}
