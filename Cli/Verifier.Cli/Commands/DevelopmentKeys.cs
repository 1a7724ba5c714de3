using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;

namespace Verifier.Cli.Commands;

/// <summary>
/// The TEST ONLY development key that signs generated clips when the user gives none: the <c>keys init</c> files in
/// the user's data folder (<c>$XDG_DATA_HOME/verifier/dev-keys</c>, else <c>~/.local/share/verifier/dev-keys</c>),
/// made on first use and reused after, so clips stay verifiable against one <c>root.pem</c>.
/// </summary>
internal static class DevelopmentKeys
{
    public static string Folder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "verifier", "dev-keys");

    /// <summary>The signer and whether the keys were made just now.</summary>
    public static (IClaimSigner Signer, bool Created) LoadOrCreate()
    {
        var folder = Folder;
        var (chain, key) = (Path.Combine(folder, DevelopmentPkiFiles.Chain), Path.Combine(folder, DevelopmentPkiFiles.SignerKey));
        var created = !File.Exists(chain) || !File.Exists(key);
        try
        {
            if (created)
            {
                DevelopmentPkiFiles.Write(DevelopmentPki.Create(), folder, force: false);
            }

            return (KeyLoader.Load(new KeySource(key, chain)), created);
        }
        catch (SignerException e)
        {
            throw new UsageException($"the development keys in {folder}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot make the development keys in {folder}: {e.Message}; pass --cert and --key instead");
        }
    }
}
