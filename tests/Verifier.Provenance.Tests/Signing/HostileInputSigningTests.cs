using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>Damaged inputs are refused with a reader error or a signing rule, never an unexpected exception, and leave no output.</summary>
[TestClass]
public sealed class HostileInputSigningTests
{
    [TestMethod]
    [DataRow("jpg")]
    [DataRow("png")]
    [DataRow("webp")]
    [DataRow("mp4")]
    [DataRow("avif")]
    public void CorruptedHeadersAreRefusedOrSigned(string ext)
    {
        var original = File.ReadAllBytes(SignedBy.Input(ext));
        var dir = Oracle.TempDir();
        var signer = SignedBy.Signer("es256");
        var random = new Random(1234);
        for (int round = 0; round < 60; round++)
        {
            var damaged = (byte[])original.Clone();
            // Damage the container's structure near the start (segment, chunk and box headers) or the end (an MP4's
            // moov with its chunk-offset tables), or truncate.
            if (round % 4 == 0)
            {
                damaged = damaged[..random.Next(1, Math.Min(damaged.Length, 4096))];
            }
            else
            {
                for (int i = 0; i < 4; i++)
                {
                    int at = round % 2 == 0 ? random.Next(0, Math.Min(damaged.Length, 2048)) : random.Next(Math.Max(0, damaged.Length - 4096), damaged.Length);
                    damaged[at] = (byte)random.Next(256);
                }
            }

            var input = Path.Combine(dir, $"in{round}.{ext}");
            var output = Path.Combine(dir, $"out{round}.{ext}");
            File.WriteAllBytes(input, damaged);
            try
            {
                Builder.Sign(new SignRequest { InputPath = input, OutputPath = output, Signer = signer });
            }
            catch (Exception e) when (e is ProvenanceReadException or SigningRefusedException)
            {
                Assert.IsFalse(File.Exists(output), $"round {round}: a refused signing left {output}");
                Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [TestMethod]
    public void OddlyShapedDefinitionsNeverCrash()
    {
        foreach (var json in new[]
        {
            """{"assertions": [{"label": "c2pa.actions", "data": [1, 2]}]}""",
            """{"assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [1, "x", {"action": 5}, {"action": "c2pa.edited"}]}}]}""",
            """{"claim_generator_info": [{"name": "a"}, 3], "title": 7, "assertions": [{"label": "a", "data": null}, {"label": "a", "data": {}}]}""",
        })
        {
            var output = Path.Combine(Oracle.TempDir(), "odd.jpg");
            var result = Builder.Sign(new SignRequest
            {
                InputPath = SignedBy.Jpeg,
                OutputPath = output,
                Signer = SignedBy.Signer("es256"),
                Definition = ManifestDefinition.Parse(json),
            });
            Assert.IsTrue(File.Exists(result.OutputPath), json);
        }

        foreach (var bad in new[] { "[]", "{\"assertions\": {}}", "{\"claim_generator_info\": {\"version\": \"1\"}}", "{" })
        {
            Assert.ThrowsExactly<FormatException>(() => ManifestDefinition.Parse(bad), bad);
        }
    }
}
