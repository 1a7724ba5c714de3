using System.Security.Cryptography;
using Verifier.Provenance.Formats.Bmff;

namespace Verifier.Provenance.Signing.Embedding;

/// <summary>
/// <c>--sidecar</c>: the asset is copied unchanged (so nothing is excluded from its hard binding) and the store goes
/// to a <c>.c2pa</c> file beside it, where c2pa-rs and Verifier look for it.
/// </summary>
internal sealed class SidecarEmbedder(bool dataHash, string storePath) : StoreEmbedder
{
    public override bool UsesDataHash => dataHash;

    public string StorePath => storePath;

    public override StorePlacement Embed(Stream input, Stream output, int storeLength, IncrementalHash hash)
    {
        if (dataHash)
        {
            Copy(input, 0, input.Length, output, hash);
        }
        else
        {
            var tree = BmffTree.Read(input);
            BmffStoreEmbedder.CopyHashed(input, output, tree.TopLevel, hash, _ => null);
        }

        return new StorePlacement(0, 0);
    }

    public override void WriteStore(Stream output, StorePlacement placement, byte[] store) => File.WriteAllBytes(storePath, store);
}
