using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.TimeStamps;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.TimeStamps;

/// <summary>
/// The RFC 3161 client against the loopback development TSA: its tokens validate in Verifier's Rfc3161Verifier under
/// the development root (and in OpenSSL), fail under another anchor or over other data; refusals, unreachable TSAs and
/// answers that do not match the request are reported as <see cref="TimeStampException"/>.
/// </summary>
[TestClass]
public sealed class TimeStampTests
{
    private static readonly Lazy<DevelopmentPki> Pki = new(() => Keys.DevelopmentPkis.For(CoseAlgorithm.Es256));
    private static readonly byte[] Data = "CounterSignature structure stand-in"u8.ToArray();

    [TestMethod]
    public void TokenFromTheLocalTsaIsTrustedUnderTheDevelopmentRoot()
    {
        using var tsa = LocalTimeStampAuthority.Start(Pki.Value);
        var token = new Rfc3161Client(tsa.Url).Stamp(Data);

        var log = new StatusLog();
        var result = Rfc3161Verifier.Verify(token, Data, verifyTrust: true, [Pki.Value.Root.Certificate], log, "sigTst2");

        Assert.IsNotNull(result.TrustedTime, string.Join("; ", log.Entries.Select(e => $"{e.Code}: {e.Explanation}")));
        Assert.IsTrue(Math.Abs((result.TrustedTime.Value - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        CollectionAssert.AreEqual(new[] { ValidationCodes.TimeStampValidated, ValidationCodes.TimeStampTrusted },
            log.Entries.Select(e => e.Code).ToArray());
        Assert.AreEqual(1, tsa.GrantedCount);

        var parsed = new TimeStampToken(new Org.BouncyCastle.Cms.CmsSignedData(token));
        Assert.AreEqual(LocalTimeStampAuthority.TestPolicy, parsed.TimeStampInfo.Policy);
        Assert.AreEqual(2, parsed.GetCertificates().EnumerateMatches(null).Count(), "TSA + intermediate, since certReq is set");
        CollectionAssert.AreEqual(SHA256.HashData(Data), parsed.TimeStampInfo.GetMessageImprintDigest());
    }

    /// <summary>A TSA started at a fixed past time stamps that time (genTime and signing-time agree), trusted at that time.</summary>
    [TestMethod]
    public void FixedTimeTsaStampsThePastTime()
    {
        var issued = new DateTimeOffset(2021, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var at = issued.AddDays(30);
        var pki = DevelopmentPki.Create(CoseAlgorithm.Es256, issued); // its TSA certificate expired in 2023
        using var tsa = LocalTimeStampAuthority.Start(pki, at);
        var token = new Rfc3161Client(tsa.Url).Stamp(Data);

        var parsed = new TimeStampToken(new Org.BouncyCastle.Cms.CmsSignedData(token));
        Assert.AreEqual(at.UtcDateTime, parsed.TimeStampInfo.GenTime.ToUniversalTime());
        var log = new StatusLog();
        var result = Rfc3161Verifier.Verify(token, Data, verifyTrust: true, [pki.Root.Certificate], log, "sigTst2");
        Assert.AreEqual(at, result.TrustedTime, string.Join("; ", log.Entries.Select(e => $"{e.Code}: {e.Explanation}")));
    }

    [TestMethod]
    public void TokenIsUntrustedUnderAnotherAnchorAndMismatchedOverOtherData()
    {
        using var tsa = LocalTimeStampAuthority.Start(Pki.Value);
        var token = new Rfc3161Client(tsa.Url).Stamp(Data);

        var other = new StatusLog();
        var untrusted = Rfc3161Verifier.Verify(token, Data, true, [Keys.DevelopmentPkis.For(CoseAlgorithm.Es384).Root.Certificate], other, null);
        Assert.IsNull(untrusted.TrustedTime);
        Assert.IsTrue(other.Has(ValidationCodes.TimeStampUntrusted));

        var changed = new StatusLog();
        var mismatch = Rfc3161Verifier.Verify(token, "other bytes"u8, true, [Pki.Value.Root.Certificate], changed, null);
        Assert.IsNull(mismatch.ValidatedTime);
        Assert.IsTrue(changed.Has(ValidationCodes.TimeStampMismatch));
    }

    [TestMethod]
    public void OpenSslVerifiesTheTokenAgainstTheRoot()
    {
        var dir = Oracle.TempDir();
        DevelopmentPkiFiles.Write(Pki.Value, dir, force: false);
        using var tsa = LocalTimeStampAuthority.Start(Pki.Value);
        File.WriteAllBytes(Path.Combine(dir, "token.der"), new Rfc3161Client(tsa.Url).Stamp(Data));
        File.WriteAllBytes(Path.Combine(dir, "data.bin"), Data);

        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ts", "-verify", "-data", "data.bin", "-in", "token.der", "-token_in", "-CAfile", "root.pem", "-untrusted", "tsa-chain.pem" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, output);
        StringAssert.Contains(output, "Verification: OK");
    }

    [TestMethod]
    public void RefusalNamesTheTsaAndItsReason()
    {
        using var tsa = LocalTimeStampAuthority.Start(Pki.Value);
        tsa.Reject = true;

        var e = Assert.ThrowsExactly<TimeStampException>(() => new Rfc3161Client(tsa.Url).Stamp(Data));

        StringAssert.Contains(e.Message, tsa.Url.ToString());
        StringAssert.Contains(e.Message, "refused the request (status 2: rejected for the test)");
    }

    [TestMethod]
    public void UnreachableTsaIsReported()
    {
        Uri url;
        using (var tsa = LocalTimeStampAuthority.Start(Pki.Value))
        {
            url = tsa.Url;
        }

        var e = Assert.ThrowsExactly<TimeStampException>(() => new Rfc3161Client(url, TimeSpan.FromSeconds(5)).Stamp(Data));

        StringAssert.Contains(e.Message, "cannot reach");
    }

    [TestMethod]
    public void ReplayedAnswerForOtherDataIsRefused()
    {
        // A granted response, but to another request (other imprint and nonce), as a replaying or broken TSA sends.
        var tsaKey = Pki.Value.TimeStampAuthority;
        var tokens = new TimeStampTokenGenerator(tsaKey.PrivateKey, tsaKey.Certificate, "2.16.840.1.101.3.4.2.1", LocalTimeStampAuthority.TestPolicy);
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var otherRequest = generator.Generate(TspAlgorithms.Sha256, SHA256.HashData("other"u8), BigInteger.ValueOf(7));
        var replay = new TimeStampResponseGenerator(tokens, TspAlgorithms.Allowed).Generate(otherRequest, BigInteger.One, DateTime.UtcNow).GetEncoded();

        using var server = FixedAnswerServer.Start(replay);
        var e = Assert.ThrowsExactly<TimeStampException>(() => new Rfc3161Client(server.Url).Stamp(Data));

        StringAssert.Contains(e.Message, "does not match the request");
    }

    [TestMethod]
    public void GarbageAnswerIsRefused()
    {
        using var server = FixedAnswerServer.Start("<html>proxy login</html>"u8.ToArray());

        var e = Assert.ThrowsExactly<TimeStampException>(() => new Rfc3161Client(server.Url).Stamp(Data));

        StringAssert.Contains(e.Message, "not an RFC 3161 time-stamp response");
    }

    /// <summary>Answers every request with the same bytes.</summary>
    private sealed class FixedAnswerServer : IDisposable
    {
        private readonly HttpListener _listener;

        private FixedAnswerServer(HttpListener listener, Uri url, byte[] answer)
        {
            _listener = listener;
            Url = url;
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    context.Response.ContentType = "application/timestamp-reply";
                    await context.Response.OutputStream.WriteAsync(answer);
                    context.Response.Close();
                }
            });
        }

        public Uri Url { get; }

        public static FixedAnswerServer Start(byte[] answer)
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            listener.Start();
            return new FixedAnswerServer(listener, url, answer);
        }

        public void Dispose() => _listener.Close();
    }
}
