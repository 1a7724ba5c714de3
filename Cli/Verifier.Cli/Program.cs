using Verifier.Cli;
using Verifier.Provenance;

var context = new CliContext(Console.Out, Console.Error, Reader.Validate, ansi: !Console.IsOutputRedirected);
return new CliApp(context).Run(args);
