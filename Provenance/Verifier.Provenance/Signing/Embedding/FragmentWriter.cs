using System.Buffers.Binary;
using System.Formats.Cbor;
using Verifier.Provenance.Bindings;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// Writes the fragments of a fragmented MP4 (each one <c>moof</c> + one <c>mdat</c>) with a C2PA <c>uuid</c> box of
/// purpose <c>merkle</c> inserted before the <c>moof</c>, as c2pa-rs's <c>add_merkle_for_fragmented</c> does, and
/// returns the Merkle tree of their leaves. Each leaf is the fragment's flat BMFF hash (v3: box offsets included, C2PA
/// box excluded), so the proof box is written first as a placeholder of its final size, hashed around, then filled in.
/// </summary>
internal static class FragmentWriter
{
    /// <summary>More fragments than any real stream has per init segment; bounds the leaves held in memory.</summary>
    public const int MaxFragments = 1 << 20;

    private const int HashLength = 32;

    /// <summary>Writes <paramref name="inputs"/>[i] to <paramref name="outputs"/>[i] with its proof; the tree is over all of them.</summary>
    public static FragmentTree Write(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        if (inputs.Count > MaxFragments)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFragment, $"{inputs.Count} fragments, more than the {MaxFragments} Verifier signs at once");
        }

        var exclusions = CborNode.Decode(AssertionCbor.BmffHashAssertion(new byte[HashLength]));
        var leaves = new List<byte[]>(inputs.Count);
        var proofAt = new List<long>(inputs.Count);
        var proofLength = new List<int>(inputs.Count);
        for (int i = 0; i < inputs.Count; i++)
        {
            using var input = new FileStream(inputs[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long moof = FirstMoof(input, inputs[i]);
            using var output = new FileStream(outputs[i], FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            StoreEmbedder.Copy(input, 0, moof, output, null);
            var placeholder = MerkleBox(i, Enumerable.Repeat(new byte[HashLength], FragmentTree.ProofLength(inputs.Count, i)).ToList());
            output.Write(placeholder);
            proofLength.Add(placeholder.Length);
            StoreEmbedder.Copy(input, moof, input.Length - moof, output, null);
            output.Position = 0;
            leaves.Add(BmffHashValidator.ComputeFlatHash(output, exclusions, AssertionCbor.BmffHash));
            proofAt.Add(moof);
        }

        var tree = new FragmentTree(leaves);
        for (int i = 0; i < outputs.Count; i++)
        {
            var box = MerkleBox(i, tree.Proof(i));
            if (box.Length != proofLength[i])
            {
                throw new InvalidOperationException($"the proof box of fragment {i} is {box.Length} bytes, its placeholder {proofLength[i]}");
            }

            using var output = new FileStream(outputs[i], FileMode.Open, FileAccess.Write, FileShare.None);
            output.Position = proofAt[i];
            output.Write(box);
        }

        return tree;
    }

    /// <summary>The offset of the fragment's single moof; refuses what c2pa-rs refuses (not one moof and one mdat, a proof already there).</summary>
    private static long FirstMoof(Stream input, string path)
    {
        var top = BmffTree.Read(input).TopLevel.ToList();
        int moofs = top.Count(b => b.Type == "moof");
        int mdats = top.Count(b => b.Type == "mdat");
        if (moofs != 1 || mdats != 1)
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFragment,
                $"{path} has {moofs} moof and {mdats} mdat boxes; a fragment must have exactly one of each");
        }

        if (top.Any(C2paUuidBox.IsC2pa))
        {
            throw new SigningRefusedException(RefusalRule.UnsupportedFragment, $"{path} already carries a C2PA box (a signed fragment)");
        }

        return top.Single(b => b.Type == "moof").Offset;
    }

    /// <summary>uuid box: C2PA UUID, version/flags 0, <c>merkle\0</c>, then <c>{uniqueId, localId, location, hashes}</c>.</summary>
    private static byte[] MerkleBox(int location, List<byte[]> proof)
    {
        var w = AssertionCbor.NewWriter();
        w.WriteStartMap(4);
        w.WriteTextString("uniqueId");
        w.WriteInt32(FragmentTree.UniqueId);
        w.WriteTextString("localId");
        w.WriteInt32(FragmentTree.LocalId);
        w.WriteTextString("location");
        w.WriteInt32(location);
        w.WriteTextString("hashes");
        if (proof.Count == 0)
        {
            w.WriteNull(); // c2pa-rs writes null, not an empty array, for a lone fragment (its leaf is the root)
        }
        else
        {
            w.WriteStartArray(proof.Count);
            proof.ForEach(p => w.WriteByteString(p));
            w.WriteEndArray();
        }

        w.WriteEndMap();
        return Box(w);
    }

    private static byte[] Box(CborWriter cbor)
    {
        var payload = cbor.Encode();
        var box = new byte[8 + 16 + 4 + 7 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, checked((uint)box.Length));
        "uuid"u8.CopyTo(box.AsSpan(4));
        C2paUuidBox.Uuid.CopyTo(box.AsSpan(8));
        "merkle\0"u8.CopyTo(box.AsSpan(28));
        payload.CopyTo(box, 35);
        return box;
    }
}
