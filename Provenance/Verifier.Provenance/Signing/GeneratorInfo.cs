using System.Formats.Cbor;

namespace Verifier.Provenance.Signing;

/// <summary>The software that made the claim: a v2 claim's <c>claim_generator_info</c> map and the actions' <c>softwareAgent</c>.</summary>
public sealed record GeneratorInfo(string Name, string? Version)
{
    public static GeneratorInfo Verifier { get; } =
        new("Verifier", typeof(GeneratorInfo).Assembly.GetName().Version?.ToString(3));

    internal void Write(CborWriter w)
    {
        w.WriteStartMap(Version is null ? 1 : 2);
        w.WriteTextString("name");
        w.WriteTextString(Name);
        if (Version is not null)
        {
            w.WriteTextString("version");
            w.WriteTextString(Version);
        }

        w.WriteEndMap();
    }
}
