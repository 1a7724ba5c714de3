using System.Security.Cryptography;

namespace Verifier.Provenance.Signing;

/// <summary>
/// The Merkle tree over fragment leaves as c2pa-rs builds it (<c>C2PAMerkleTree</c>): pairs hashed left‖right with
/// SHA-256, a lone last node carried up unhashed. The init segment stores one row (<see cref="Row"/>, at most
/// <see cref="MaxProofs"/> layers above the leaves, c2pa-rs's default <c>merkle_tree_max_proofs</c>) and each fragment
/// the sibling hashes from its leaf up to that row.
/// </summary>
internal sealed class FragmentTree
{
    public const int MaxProofs = 5;
    public const int UniqueId = 1;
    public const int LocalId = 1;

    private readonly List<List<byte[]>> _layers;

    public FragmentTree(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        }

        _layers = [[.. leaves]];
        while (_layers[^1].Count > 1)
        {
            var below = _layers[^1];
            var up = new List<byte[]>((below.Count + 1) / 2);
            for (int i = 0; i < below.Count; i += 2)
            {
                up.Add(i + 1 == below.Count ? below[i] : SHA256.HashData([.. below[i], .. below[i + 1]]));
            }

            _layers.Add(up);
        }
    }

    public int Count => _layers[0].Count;

    /// <summary>The row the init segment's Merkle map stores in <c>hashes</c>.</summary>
    public IReadOnlyList<byte[]> Row => _layers[StoredLayer(Count)];

    /// <summary>The proof of leaf <paramref name="index"/>: its siblings, leaf layer first, up to the stored row.</summary>
    public List<byte[]> Proof(int index) => Siblings(Count, index).Select(s => _layers[s.Layer][s.Index]).ToList();

    /// <summary>How many hashes the proof of <paramref name="index"/> holds in a tree of <paramref name="count"/> leaves.</summary>
    public static int ProofLength(int count, int index) => Siblings(count, index).Count();

    private static int StoredLayer(int count) => Math.Min(MaxProofs, LayerCounts(count).Count() - 1);

    /// <summary>Where each proof hash sits: the sibling on each layer below the stored row, where one exists.</summary>
    private static IEnumerable<(int Layer, int Index)> Siblings(int count, int index)
    {
        int layer = 0;
        foreach (int nodes in LayerCounts(count).Take(StoredLayer(count)))
        {
            int sibling = index % 2 == 1 ? index - 1 : index + 1;
            if (sibling < nodes)
            {
                yield return (layer, sibling);
            }

            index /= 2;
            layer++;
        }
    }

    private static IEnumerable<int> LayerCounts(int leaves)
    {
        yield return leaves;
        for (int n = leaves; n > 1;)
        {
            n = (n + 1) / 2;
            yield return n;
        }
    }
}
