using Verifier.Provenance.Bindings;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;

namespace Verifier.Provenance.Validation;

/// <summary>Sends a hard-binding assertion to the validator of its kind (data hash, BMFF hash, box hash).</summary>
internal static class HardBindingCheck
{
    public static void Run(Manifest manifest, AssertionBox binding, ValidationSession session, bool storeGrew)
    {
        var url = JumbfUri.Assertion(manifest.Label, binding.Label);
        var cbor = binding.Cbor;
        var log = session.Log;
        session.Asset.Position = 0;
        if (binding.Label.StartsWith("c2pa.hash.data", StringComparison.Ordinal))
        {
            if (cbor is null)
            {
                log.Add(ValidationCodes.AssertionDataHashMalformed, url, "the data hash assertion is not valid CBOR");
                return;
            }

            DataHashValidator.Validate(cbor, url, manifest.Alg, session.Asset, session.Located, log, storeGrew);
        }
        else if (binding.Label.StartsWith("c2pa.hash.bmff", StringComparison.Ordinal))
        {
            if (cbor is null)
            {
                log.Add(ValidationCodes.AssertionBmffHashMalformed, url, "the BMFF hash assertion is not valid CBOR");
                return;
            }

            BmffHashValidator.Validate(cbor, binding.Label, url, manifest.Alg, session.Asset, session.Options.FragmentPaths, log);
        }
        else
        {
            if (cbor is null)
            {
                log.Add(ValidationCodes.AssertionBoxesHashMalformed, url, "the box hash assertion is not valid CBOR");
                return;
            }

            if (session.Handler is not IBoxMapProvider boxes)
            {
                // c2pa-rs stops without a status here; an unverifiable binding must not pass silently.
                log.Add(ValidationCodes.AssertionBoxesHashMismatch, url, $"box hash is not supported for {session.Handler?.Name ?? "this"} assets");
                return;
            }

            BoxHashValidator.Validate(cbor, url, manifest.Alg, session.Asset, boxes, log);
        }
    }
}
