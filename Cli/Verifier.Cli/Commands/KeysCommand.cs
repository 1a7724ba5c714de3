using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Provenance.Keys;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier keys init DIR [--alg ALG] [--force]</c>: a TEST ONLY development PKI (root, intermediate, C2PA signer,
/// time-stamp authority) written as the files <c>verifier sign</c> and <c>verify --trust</c> take.
/// </summary>
public static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Folder to write root.pem, chain.pem, signer.key, tsa.pem, tsa-chain.pem, tsa.key into" };
        var alg = new Option<string>("--alg")
        {
            Description = "Signature algorithm: the key type of the CAs and the signer follows it",
            DefaultValueFactory = _ => "es256",
            HelpName = "ALG",
        };
        alg.AcceptOnlyFromAmong([.. KeyAlgorithms.Names]);
        var force = new Option<bool>("--force") { Description = "Replace existing keys (files signed with them stop being trusted)" };
        var init = new Command("init", "Create a TEST ONLY development root CA, intermediate, signer and TSA") { dir, alg, force };
        init.SetAction(parse =>
        {
            var folder = parse.GetRequiredValue(dir);
            var algorithm = KeyAlgorithms.Parse(parse.GetRequiredValue(alg))!.Value;
            IReadOnlyList<string> written;
            try
            {
                written = DevelopmentPkiFiles.Write(DevelopmentPki.Create(algorithm), folder, parse.GetValue(force));
            }
            catch (SignerException e)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write the keys into {folder}: {e.Message}");
            }

            context.Output.WriteLine($"WARNING: TEST ONLY keys (O={DevelopmentPki.Organization}). Never sign real content with them; " +
                "what they sign is trusted only where root.pem is configured as a trust anchor.");
            context.Output.WriteLine($"Wrote a {algorithm.CliName()} development PKI:");
            foreach (var path in written)
            {
                context.Output.WriteLine($"  {Printable.Clean(path)}");
            }

            var root = Printable.Clean(Path.Combine(folder, DevelopmentPkiFiles.Root));
            context.Output.WriteLine($"Sign with --cert {Printable.Clean(Path.Combine(folder, DevelopmentPkiFiles.Chain))} " +
                $"--key {Printable.Clean(Path.Combine(folder, DevelopmentPkiFiles.SignerKey))}; verify with --trust {root}.");
            return ExitCodes.Trusted;
        });
        return new Command("keys", "Development keys and certificates") { init };
    }
}
