using System.Security.Cryptography;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Bindings;

/// <summary>
/// Merkle-tree BMFF hashes: fragmented MP4 (each <c>moof</c>..<c>mdat</c> fragment a leaf, its proof in a C2PA
/// <c>uuid</c> box with purpose <c>merkle</c>), as separate fragment files or inside one file. Failures throw
/// <see cref="BmffHashException"/> with c2pa-rs's wording.
/// </summary>
internal static class BmffMerkle
{
    /// <summary>Validates one fragment file against the init segment (c2pa-rs <c>verify_stream_segment</c>).</summary>
    public static void VerifyFragment(BmffHashAssertion a, string alg, Stream init, Stream fragment)
    {
        if (a.Hash is not null)
        {
            throw new BmffHashException("Hash value should not be present for a fragmented BMFF asset");
        }

        if (a.Merkle is not { } maps)
        {
            throw new BmffHashException("Merkle value must be present for a fragmented BMFF asset");
        }

        var fragmentTree = BmffTree.Read(fragment);
        var proofs = Proofs(fragment, fragmentTree);
        if (proofs.Count == 0)
        {
            throw new BmffHashException("Fragment had no MerkleMap");
        }

        var initTree = BmffTree.Read(init);
        foreach (var proof in proofs)
        {
            var map = maps.FirstOrDefault(m => m.UniqueId == proof.UniqueId && m.LocalId == proof.LocalId)
                ?? throw new BmffHashException("Fragment had no MerkleMap");
            var mapAlg = HashAlgorithm(map.Alg ?? alg);
            if (map.InitHash is not { } initHash)
            {
                throw new BmffMalformedException("BMFF Merkle map has no initHash");
            }

            var initActual = RangeHasher.Hash(init, BmffHashPlanner.Plan(init, initTree, a.Exclusions, a.Version > 1), mapAlg);
            if (!initHash.Span.SequenceEqual(initActual))
            {
                throw new BmffHashException("BMFF inithash mismatch");
            }

            var leaf = RangeHasher.Hash(fragment, BmffHashPlanner.Plan(fragment, fragmentTree, a.Exclusions, a.Version > 1), mapAlg);
            if (!Check(map, mapAlg, leaf, proof.Location, proof.Hashes))
            {
                throw new BmffHashException("Fragment not valid");
            }
        }
    }

    /// <summary>The Merkle part of a whole-file check (c2pa-rs <c>verify_stream_hash</c>): init hash and in-file fragments.</summary>
    public static void VerifyFile(BmffHashAssertion a, string alg, Stream asset, BmffTree tree)
    {
        var maps = a.Merkle!;
        var top = tree.TopLevel.ToList();
        var firstMoof = top.FirstOrDefault(b => b.Type == "moof");
        foreach (var map in maps)
        {
            if (map.InitHash is not { } initHash)
            {
                continue;
            }

            if (firstMoof is null)
            {
                throw new BmffHashException("BMFF inithash must not be present for non-fragmented media");
            }

            var plan = BmffHashPlanner.Plan(asset, tree, a.Exclusions, a.Version > 1, [(firstMoof.Offset, tree.Length - firstMoof.Offset)]);
            if (!initHash.Span.SequenceEqual(RangeHasher.Hash(asset, plan, HashAlgorithm(map.Alg ?? alg))))
            {
                throw new BmffHashException("BMFF file level hash mismatch");
            }
        }

        if (firstMoof is null)
        {
            // Merkle trees over mdat chunks or iloc items of unfragmented media: not implemented by Verifier yet.
            throw new BmffHashException(top.Any(b => b.Type == "moov")
                ? "Merkle hashing of unfragmented timed media is not supported"
                : "Merkle iloc not yet supported");
        }

        var fragments = SplitAtMoof(top);
        var proofs = Proofs(asset, tree);
        foreach (var map in maps)
        {
            var mapAlg = HashAlgorithm(map.Alg ?? alg);
            if (fragments.Count != map.Count || proofs.Count != map.Count)
            {
                throw new BmffHashException("Incorrect number of fragments hashes");
            }

            for (int i = 0; i < fragments.Count; i++)
            {
                var (start, end) = fragments[i];
                var plan = BmffHashPlanner.Plan(asset, tree, a.Exclusions, a.Version > 1, [(0, start), (end, tree.Length - end)]);
                if (!Check(map, mapAlg, RangeHasher.Hash(asset, plan, mapAlg), proofs[i].Location, proofs[i].Hashes))
                {
                    throw new BmffHashException("Fragment not valid");
                }
            }
        }
    }

    /// <summary>Replays a proof from a leaf up to the layer the map stores (c2pa-rs <c>check_merkle_tree</c>).</summary>
    internal static bool Check(BmffMerkleMap map, HashAlgorithmName alg, byte[] leaf, long location, IReadOnlyList<ReadOnlyMemory<byte>>? proof)
    {
        long index = location;
        var hash = leaf;
        if (proof is not null)
        {
            int used = 0;
            foreach (long layer in Layout(map.Count))
            {
                if (layer == map.Hashes.Count)
                {
                    break;
                }

                bool right = index % 2 == 1;
                if (right ? index - 1 < layer : index + 1 < layer)
                {
                    if (used >= proof.Count)
                    {
                        return false;
                    }

                    var sibling = proof[used++].Span;
                    hash = right ? Pair(alg, sibling, hash) : Pair(alg, hash, sibling);
                }

                index /= 2;
            }
        }

        return index < map.Hashes.Count && map.Hashes[(int)index].Span.SequenceEqual(hash);
    }

    /// <summary>Node counts per layer, leaves first: a lone last node is carried up unhashed.</summary>
    private static IEnumerable<long> Layout(long leaves)
    {
        yield return leaves;
        for (long n = leaves; n > 1;)
        {
            n = (n + 1) / 2;
            yield return n;
        }
    }

    private static byte[] Pair(HashAlgorithmName alg, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        using var h = IncrementalHash.CreateHash(alg);
        h.AppendData(left);
        h.AppendData(right);
        return h.GetHashAndReset();
    }

    /// <summary>Top-level boxes from each moof up to the next (the first fragment starts at the first moof).</summary>
    private static List<(long Start, long End)> SplitAtMoof(List<BmffBox> top)
    {
        var runs = new List<(long Start, long End)>();
        foreach (var b in top.SkipWhile(b => b.Type != "moof"))
        {
            if (b.Type == "moof" || runs.Count == 0)
            {
                runs.Add((b.Offset, b.End));
            }
            else
            {
                runs[^1] = (runs[^1].Start, b.End);
            }
        }

        return runs;
    }

    /// <summary>Every merkle proof in the file's top-level C2PA uuid boxes, in file order.</summary>
    private static List<BmffMerkleProof> Proofs(Stream stream, BmffTree tree)
    {
        var proofs = new List<BmffMerkleProof>();
        foreach (var box in tree.TopLevel.Where(C2paUuidBox.IsC2pa))
        {
            var c2pa = C2paUuidBox.Read(stream, box);
            if (c2pa.Purpose != C2paUuidBox.MerklePurpose)
            {
                continue;
            }

            var data = c2pa.ReadData(stream);
            int length = data.Length;
            while (length > 0 && data[length - 1] == 0)
            {
                length--; // the box may be padded with zeros after the CBOR
            }

            var node = CborNode.TryDecode(data.AsMemory(0, length));
            proofs.Add((node is null ? null : BmffHashAssertion.ParseProof(node))
                ?? throw new BmffHashException($"the merkle box at offset {box.Offset} does not hold a valid BmffMerkleMap"));
        }

        return proofs;
    }

    internal static HashAlgorithmName HashAlgorithm(string alg) =>
        Claims.HashAlgorithms.Find(alg) ?? throw new BmffHashException($"unsupported hash algorithm '{alg}'");
}
