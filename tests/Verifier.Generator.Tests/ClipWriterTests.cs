using Verifier.Detector.Tests.Support;
using Verifier.Generator.Output;
using Verifier.Generator.Tests.Support;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Validation;

namespace Verifier.Generator.Tests;

/// <summary>The signed MP4 writer: a clip appears only whole and signed; a failure leaves nothing behind.</summary>
[TestClass]
public sealed class ClipWriterTests
{
    private static readonly GenerationRecord Record = new("Verifier.Generator", "0.1.0", "tiny", "generate", 5, 5, 32);

    [TestMethod]
    public async Task WritesATrustedClipAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var pki = DevelopmentPki.Create();
        DevelopmentPkiFiles.Write(pki, folder.Path, force: false);
        var signer = KeyLoader.Load(new KeySource(folder.File(DevelopmentPkiFiles.SignerKey), folder.File(DevelopmentPkiFiles.Chain)));
        var clip = Path.Combine(folder.Path, "out", "clip.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(clip)!);

        var result = await new GeneratedClipWriter(signer).WriteAsync(TinyGenerator.Clip(5, 32), 8, clip, Record);

        Assert.AreEqual(clip, result.OutputPath);
        CollectionAssert.AreEqual(new[] { clip }, Directory.GetFiles(Path.GetDirectoryName(clip)!));
        var validation = Reader.Validate(clip, new VerifyOptions { Trust = TrustSettingsLoader.FromPemFiles(folder.File(DevelopmentPkiFiles.Root)) });
        Assert.AreEqual(ValidationState.Trusted, validation.State);
        Assert.AreEqual("Verifier.Generator", validation.Manifests[^1].Actions[0].SoftwareAgent);
    }

    [TestMethod]
    public async Task ASigningFailureLeavesNoFile()
    {
        using var folder = new TempFolder();
        var clip = folder.File("clip.mp4");

        var failure = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => new GeneratedClipWriter(new FailingSigner(DevelopmentPki.Create())).WriteAsync(TinyGenerator.Clip(5, 32), 8, clip, Record));

        Assert.AreEqual("the signer is unplugged", failure.Message);
        Assert.IsEmpty(Directory.GetFiles(folder.Path), "neither the clip nor a temporary file may be left");
    }

    /// <summary>A signer with a real chain whose signing fails, as an HSM that went away would.</summary>
    private sealed class FailingSigner(DevelopmentPki pki) : IClaimSigner
    {
        public CoseAlgorithm Algorithm => CoseAlgorithm.Es256;

        public IReadOnlyList<byte[]> CertificateChain { get; } = [.. pki.SignerChain.Select(c => c.GetEncoded())];

        public Uri? TimeStampAuthority => null;

        public byte[] Sign(ReadOnlySpan<byte> toBeSigned) => throw new InvalidOperationException("the signer is unplugged");
    }
}
