using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;
using static Verifier.Provenance.Tests.Bmff.BmffHandlerTests;

namespace Verifier.Provenance.Tests.Bmff;

/// <summary>
/// Fragmented MP4: an init segment whose BMFF hash holds a Merkle tree, and fragment files that each carry their proof
/// in a C2PA <c>merkle</c> uuid box. The oracle's wasm build cannot sign fragmented media, so the tree here is built by
/// the test with c2pa-rs's layout (unbalanced: a lone last node is carried up unhashed) over synthetic segments.
/// </summary>
[TestClass]
public sealed class BmffFragmentTests
{
    private const int Fragments = 5;
    private static readonly Lazy<Sample> Shared = new(Build);

    [TestMethod]
    public void EveryFragmentWithTheInitSegmentMatches()
    {
        var s = Shared.Value;
        var log = Validate(s.Assertion(withInitHash: true), s.Init, s.FragmentPaths);
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMatch, log.Entries.Single().Code);
    }

    [TestMethod]
    public void ATamperedFragmentMismatches()
    {
        var s = Shared.Value;
        var bytes = File.ReadAllBytes(s.FragmentPaths[2]);
        bytes[100] ^= 1; // inside the mdat payload
        var tampered = Path.Combine(s.Dir, "tampered.m4s");
        File.WriteAllBytes(tampered, bytes);

        var log = Validate(s.Assertion(withInitHash: true), s.Init, [s.FragmentPaths[0], tampered]);

        var entry = log.Entries.Single();
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMismatch, entry.Code);
        StringAssert.Contains(entry.Explanation, "Fragment not valid");
    }

    [TestMethod]
    public void AMissingInitHashIsMalformed()
    {
        var s = Shared.Value;
        var log = Validate(s.Assertion(withInitHash: false), s.Init, s.FragmentPaths);
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMalformed, log.Entries.Single().Code);
    }

    [TestMethod]
    public void TheInitSegmentAloneMismatches()
    {
        var s = Shared.Value;
        var log = Validate(s.Assertion(withInitHash: true), s.Init, []);
        var entry = log.Entries.Single();
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMismatch, entry.Code);
        StringAssert.Contains(entry.Explanation, "BMFF inithash must not be present for non-fragmented media");
    }

    [TestMethod]
    public void AFlatHashedInitWithAFragmentMismatchesAsC2paRsSays()
    {
        // sign.mjs can only make a flat (non-Merkle) hash; c2pa-rs refuses it for fragments.
        var signed = BmffSamples.Signed(BmffSamples.Source, "flat-init.mp4");
        var fragment = Shared.Value.FragmentPaths[0];
        var expected = Oracle.Instance.Verify(signed, "--fragment", fragment)["failure_details"]!.AsArray()
            .Single(n => n!["code"]!.GetValue<string>() == ValidationCodes.AssertionBmffHashMismatch)!["explanation"]!.GetValue<string>();
        var (label, url, cbor) = BmffSamples.HardBinding(signed);
        var log = new StatusLog();
        using (var init = File.OpenRead(signed))
        {
            BmffHashValidator.Validate(cbor, label, url, "sha256", init, [fragment], log);
        }

        Assert.AreEqual(expected, log.Entries.Single(e => e.Code == ValidationCodes.AssertionBmffHashMismatch).Explanation);
    }

    [TestMethod]
    public void FragmentsInsideOneFileMatchAndATamperedOneDoesNot()
    {
        // One file: init boxes, then each fragment followed by its merkle box (excluded by /uuid, so outside every leaf).
        var s = Shared.Value;
        var body = new List<byte>(File.ReadAllBytes(s.Init));
        var fragmentsAt = new List<(long Start, long End)>();
        for (int i = 0; i < Fragments; i++)
        {
            var fragment = File.ReadAllBytes(s.FragmentPaths[i]);
            fragmentsAt.Add((body.Count, body.Count + fragment.Length));
            body.AddRange(fragment);
        }

        var file = body.ToArray();
        var exclusions = BmffHashAssertion.Parse(ExclusionsOnly(), "c2pa.hash.bmff.v3", out _)!.Exclusions;
        var tree = BmffTree.Read(new MemoryStream(file));
        byte[] HashOf(params (long, long)[] extra) =>
            RangeHasher.Hash(new MemoryStream(file), BmffHashPlanner.Plan(new MemoryStream(file), tree, exclusions, true, extra), HashAlgorithmName.SHA256);

        // Each fragment's merkle box carries the proof of the stand-alone leaf, so rebuild the tree over in-file leaves.
        var leaves = fragmentsAt.Select(f => HashOf((0, f.Start), (f.End, file.Length - f.End))).ToList();
        var layers = Layers(leaves);
        var rebuilt = new List<byte>(File.ReadAllBytes(s.Init));
        for (int i = 0; i < Fragments; i++)
        {
            var fragment = File.ReadAllBytes(s.FragmentPaths[i]);
            int merkleBox = (int)BmffTree.Read(new MemoryStream(fragment)).TopLevel.Last().Offset;
            rebuilt.AddRange(fragment[..merkleBox]);
            rebuilt.AddRange(MerkleBox(i, Proof(layers, i)));
        }

        file = [.. rebuilt];
        tree = BmffTree.Read(new MemoryStream(file));
        var initHash = HashOf((fragmentsAt[0].Start, file.Length - fragmentsAt[0].Start));
        var assertion = new Sample(s.Dir, s.Init, [], initHash, layers[^1][0]).Assertion(withInitHash: true);
        var path = Path.Combine(s.Dir, "single-file-fragmented.mp4");
        File.WriteAllBytes(path, file);
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMatch, Validate(assertion, path, []).Entries.Single().Code);

        file[fragmentsAt[3].Start + 60] ^= 1;
        File.WriteAllBytes(path, file);
        var entry = Validate(assertion, path, []).Entries.Single();
        Assert.AreEqual(ValidationCodes.AssertionBmffHashMismatch, entry.Code);
        StringAssert.Contains(entry.Explanation, "Fragment not valid");
    }

    [TestMethod]
    public void ProofsOfEveryLeafReachTheRoot()
    {
        for (int count = 1; count <= 9; count++)
        {
            var leaves = Enumerable.Range(0, count).Select(i => SHA256.HashData([(byte)i])).ToList();
            var layers = Layers(leaves);
            var map = new BmffMerkleMap(1, 1, count, "sha256", null, [layers[^1][0]], false);
            for (int i = 0; i < count; i++)
            {
                var proof = Proof(layers, i).Select(p => (ReadOnlyMemory<byte>)p).ToList();
                Assert.IsTrue(BmffMerkle.Check(map, HashAlgorithmName.SHA256, leaves[i], i, proof), $"leaf {i} of {count}");
                Assert.IsFalse(BmffMerkle.Check(map, HashAlgorithmName.SHA256, leaves[(i + 1) % count], i, proof) && count > 1,
                    $"wrong leaf {i} of {count}");
            }
        }
    }

    private static StatusLog Validate(CborNode assertion, string init, IReadOnlyList<string> fragments)
    {
        var log = new StatusLog();
        using var s = File.OpenRead(init);
        BmffHashValidator.Validate(assertion, "c2pa.hash.bmff.v3", "self#jumbf=c2pa.assertions/c2pa.hash.bmff.v3", "sha256", s, fragments, log);
        return log;
    }

    private sealed record Sample(string Dir, string Init, IReadOnlyList<string> FragmentPaths, byte[] InitHash, byte[] Root)
    {
        public CborNode Assertion(bool withInitHash)
        {
            var w = new CborWriter();
            w.WriteStartMap(3);
            WriteExclusions(w);
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
            w.WriteTextString("merkle");
            w.WriteStartArray(1);
            w.WriteStartMap(withInitHash ? 5 : 4);
            w.WriteTextString("uniqueId");
            w.WriteInt32(1);
            w.WriteTextString("localId");
            w.WriteInt32(1);
            w.WriteTextString("count");
            w.WriteInt32(Fragments);
            if (withInitHash)
            {
                w.WriteTextString("initHash");
                w.WriteByteString(InitHash);
            }

            w.WriteTextString("hashes");
            w.WriteStartArray(1);
            w.WriteByteString(Root);
            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
            return CborNode.Decode(w.Encode());
        }
    }

    private static Sample Build()
    {
        var dir = Oracle.TempDir();
        var init = Path.Combine(dir, "init.mp4");
        File.WriteAllBytes(init, [.. Ftyp("iso6", "mp41"), .. Box("moov", Box("mvhd", new byte[100]))]);

        var rng = new Random(7);
        var bodies = new List<byte[]>();
        for (int i = 0; i < Fragments; i++)
        {
            var mdat = new byte[3000 + i * 10];
            rng.NextBytes(mdat);
            bodies.Add([.. Box("moof", Box("mfhd", [0, 0, 0, 0, 0, 0, 0, (byte)i])), .. Box("mdat", mdat)]);
        }

        var exclusionsOnly = ExclusionsOnly();
        var leaves = bodies.Select(b => BmffHashValidator.ComputeFlatHash(new MemoryStream(b), exclusionsOnly, "c2pa.hash.bmff.v3")).ToList();
        var layers = Layers(leaves);
        var paths = new List<string>();
        for (int i = 0; i < Fragments; i++)
        {
            var path = Path.Combine(dir, $"seg{i}.m4s");
            File.WriteAllBytes(path, [.. bodies[i], .. MerkleBox(i, Proof(layers, i))]);
            paths.Add(path);
        }

        using var initStream = File.OpenRead(init);
        return new Sample(dir, init, paths, BmffHashValidator.ComputeFlatHash(initStream, exclusionsOnly, "c2pa.hash.bmff.v3"), layers[^1][0]);
    }

    private static CborNode ExclusionsOnly()
    {
        var w = new CborWriter();
        w.WriteStartMap(1);
        WriteExclusions(w);
        w.WriteEndMap();
        return CborNode.Decode(w.Encode());
    }

    private static void WriteExclusions(CborWriter w)
    {
        w.WriteTextString("exclusions");
        w.WriteStartArray(3);
        w.WriteStartMap(2);
        w.WriteTextString("xpath");
        w.WriteTextString("/uuid");
        w.WriteTextString("data");
        w.WriteStartArray(1);
        w.WriteStartMap(2);
        w.WriteTextString("offset");
        w.WriteInt32(8);
        w.WriteTextString("value");
        w.WriteByteString(C2paUuidBox.Uuid);
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
        foreach (var x in new[] { "/ftyp", "/mfra" })
        {
            w.WriteStartMap(1);
            w.WriteTextString("xpath");
            w.WriteTextString(x);
            w.WriteEndMap();
        }

        w.WriteEndArray();
    }

    private static byte[] MerkleBox(int location, List<byte[]> proof)
    {
        var w = new CborWriter();
        w.WriteStartMap(4);
        w.WriteTextString("uniqueId");
        w.WriteInt32(1);
        w.WriteTextString("localId");
        w.WriteInt32(1);
        w.WriteTextString("location");
        w.WriteInt32(location);
        w.WriteTextString("hashes");
        w.WriteStartArray(proof.Count);
        proof.ForEach(p => w.WriteByteString(p));
        w.WriteEndArray();
        w.WriteEndMap();
        return Box("uuid", [.. C2paUuidBox.Uuid, 0, 0, 0, 0, .. "merkle\0"u8, .. w.Encode()]);
    }

    /// <summary>c2pa-rs's tree: pairs hashed left‖right, a lone last node carried up as is.</summary>
    private static List<List<byte[]>> Layers(List<byte[]> leaves)
    {
        var layers = new List<List<byte[]>> { leaves };
        while (layers[^1].Count > 1)
        {
            var below = layers[^1];
            var up = new List<byte[]>();
            for (int i = 0; i < below.Count; i += 2)
            {
                up.Add(i + 1 == below.Count ? below[i] : SHA256.HashData([.. below[i], .. below[i + 1]]));
            }

            layers.Add(up);
        }

        return layers;
    }

    /// <summary>Sibling hashes from the leaf upwards (c2pa-rs <c>get_proof_by_index</c>).</summary>
    private static List<byte[]> Proof(List<List<byte[]>> layers, int index)
    {
        var proof = new List<byte[]>();
        foreach (var layer in layers)
        {
            int sibling = index % 2 == 1 ? index - 1 : index + 1;
            if (sibling < layer.Count)
            {
                proof.Add(layer[sibling]);
            }

            index /= 2;
        }

        return proof;
    }
}
