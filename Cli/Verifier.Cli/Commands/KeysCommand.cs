using System.CommandLine;
using Verifier.Cli.Output;
using Microsoft.Data.Sqlite;
using Verifier.Provenance.Keys;
using Verifier.Server;
using Verifier.Server.Storage;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier keys init DIR [--alg ALG] [--force]</c>: a TEST ONLY development PKI (root, intermediate, C2PA signer,
/// time-stamp authority) written as the files <c>verifier sign</c> and <c>verify --trust</c> take; and
/// <c>verifier keys api create --data DIR [--postgres CONN] [--name N]</c>: an API key for <c>verifier serve</c>.
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
        return new Command("keys", "Development keys and certificates, and API keys for the service") { init, ApiKeysCommand(context) };
    }

    /// <summary><c>verifier keys api create --data DIR [--postgres CONN] [--name N]</c>: a new service API key, printed once on the last line.</summary>
    private static Command ApiKeysCommand(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "The service's data folder (as given to verifier serve)", Required = true, HelpName = "DIR" };
        var postgres = new Option<string?>("--postgres") { Description = "The service's PostgreSQL connection string (as given to verifier serve)", HelpName = "CONN" };
        var name = new Option<string?>("--name") { Description = "A label for the key (who or what uses it)", HelpName = "N" };
        var create = new Command("create", "Create an API key for verifier serve; only its hash is stored") { data, postgres, name };
        create.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetRequiredValue(data);
            CreatedApiKey key;
            try
            {
                key = await ServiceKeys.CreateAsync(folder, parse.GetValue(name), ct, parse.GetValue(postgres)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or Npgsql.NpgsqlException or ArgumentException)
            {
                throw new UsageException($"cannot create a key in {folder}: {e.Message}");
            }

            await context.Output.WriteLineAsync($"Created API key {key.Id}{(key.Name is null ? "" : $" ({Printable.Clean(key.Name)})")} in {Printable.Clean(folder)}. " +
                "It is shown only now; send it as 'Authorization: Bearer KEY'.").ConfigureAwait(false);
            await context.Output.WriteLineAsync(key.Key).ConfigureAwait(false);
            return ExitCodes.Trusted;
        });
        return new Command("api", "API keys for verifier serve") { create };
    }
}
