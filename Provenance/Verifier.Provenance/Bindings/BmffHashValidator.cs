using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Validates a <c>c2pa.hash.bmff</c> / <c>.v2</c> / <c>.v3</c> hard binding against an ISO BMFF asset (and, for
/// fragmented media, its fragment files), logging <c>assertion.bmffHash.match</c> / <c>mismatch</c> / <c>malformed</c>
/// and the informational <c>assertion.bmffHash.additionalExclusionsPresent</c> with c2pa-rs's explanations.
/// </summary>
public static class BmffHashValidator
{
    private const string AdditionalExplanation = "extra BMFF hash exclusion(s) found";

    /// <summary>Checks one BMFF hash assertion and logs its statuses under <paramref name="assertionUrl"/>.</summary>
    /// <param name="label">The assertion label (gives the version: <c>c2pa.hash.bmff</c> is v1, hashed without offsets).</param>
    /// <param name="defaultAlg">The claim's <c>alg</c>, used when the assertion names none.</param>
    /// <param name="asset">The whole asset, or the init segment of fragmented media (seekable).</param>
    /// <param name="fragmentPaths">Fragment files (<c>.m4s</c>) to validate with the init segment; empty for a whole file.</param>
    public static void Validate(CborNode assertion, string label, string assertionUrl, string defaultAlg, Stream asset,
        IReadOnlyList<string> fragmentPaths, StatusLog log)
    {
        var a = BmffHashAssertion.Parse(assertion, label, out var problem);
        if (a is null)
        {
            log.Add(ValidationCodes.AssertionBmffHashMalformed, assertionUrl, problem);
            return;
        }

        if (a.HasUrl)
        {
            log.Add(ValidationCodes.AssertionBmffHashMalformed, assertionUrl, "BMFF hash remote has been deprecated");
            return;
        }

        if (a.Version < 3 && a.Merkle is { } maps && maps.Any(m => m.HasBlockSizes))
        {
            log.Add(ValidationCodes.AssertionBmffHashMalformed, assertionUrl, "Use feature that is too new for this version of BMFF Hash");
            return;
        }

        if (HasAdditionalExclusions(a.Exclusions))
        {
            log.Add(ValidationCodes.AssertionBmffHashAdditionalExclusions, assertionUrl, AdditionalExplanation);
        }

        string alg = a.Alg ?? (defaultAlg is { Length: > 0 } ? defaultAlg : "sha256");
        try
        {
            if (fragmentPaths.Count > 0)
            {
                foreach (var path in fragmentPaths)
                {
                    using var fragment = File.OpenRead(path);
                    BmffMerkle.VerifyFragment(a, alg, asset, fragment);
                }
            }
            else
            {
                VerifyFile(a, alg, asset);
            }
        }
        catch (BmffMalformedException e)
        {
            log.Add(ValidationCodes.AssertionBmffHashMalformed, assertionUrl, e.Message);
            return;
        }
        catch (Exception e) when (e is BmffHashException or ProvenanceReadException or IOException)
        {
            log.Add(ValidationCodes.AssertionBmffHashMismatch, assertionUrl,
                $"asset hash error, name: {a.Name ?? "unnamed"}, error: hash verification( {e.Message} )");
            return;
        }

        log.Add(ValidationCodes.AssertionBmffHashMatch, assertionUrl, "BMFF hash valid");
    }

    /// <summary>
    /// The flat (file-level) hash of an asset for a BMFF hash assertion: one forward pass in bounded memory.
    /// Public for benchmarks and tools.
    /// </summary>
    public static byte[] ComputeFlatHash(Stream asset, CborNode assertion, string label, string defaultAlg = "sha256")
    {
        var a = BmffHashAssertion.Parse(assertion, label, out var problem)
            ?? throw new BmffMalformedException(problem ?? "malformed BMFF hash");
        var tree = BmffTree.Read(asset);
        var plan = BmffHashPlanner.Plan(asset, tree, a.Exclusions, a.Version > 1);
        return RangeHasher.Hash(asset, plan, BmffMerkle.HashAlgorithm(a.Alg ?? defaultAlg));
    }

    private static void VerifyFile(BmffHashAssertion a, string alg, Stream asset)
    {
        if (a.Hash is null && a.Merkle is null)
        {
            throw new BmffMalformedException("BMFF hash has neither a hash nor a merkle tree");
        }

        var tree = BmffTree.Read(asset);
        if (a.Hash is { } expected)
        {
            var plan = BmffHashPlanner.Plan(asset, tree, a.Exclusions, a.Version > 1);
            if (!expected.Span.SequenceEqual(RangeHasher.Hash(asset, plan, BmffMerkle.HashAlgorithm(alg))))
            {
                throw new BmffHashException("BMFF file level hash mismatch");
            }
        }

        if (a.Merkle is not null)
        {
            BmffMerkle.VerifyFile(a, alg, asset, tree);
        }
    }

    /// <summary>
    /// Anything beyond the C2PA box (<c>/uuid</c> matched on the C2PA extended type), <c>/ftyp</c> and <c>/mfra</c>
    /// (measured with the oracle: c2pa-rs's own <c>/free</c> + <c>/skip</c> exclusions raise it, the three alone do not).
    /// </summary>
    private static bool HasAdditionalExclusions(IReadOnlyList<BmffExclusion> exclusions) =>
        exclusions.Any(e => e.Xpath switch
        {
            "/ftyp" or "/mfra" => e.Subset is not null,
            "/uuid" => e.Subset is not null || e.Data is not { Count: 1 } d || d[0].Offset != 8
                || !d[0].Value.Span.SequenceEqual(C2paUuidBox.Uuid),
            _ => true,
        });
}
