using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Verifier.Detector.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, driven by Playwright's bundled node driver; it records every console error, page error,
/// dialog and request other than the page itself, so a test can require that there were none.
/// Playwright never downloads a browser here: the executable is the system's.
/// </summary>
internal sealed class ReportBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ReportBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Launches <paramref name="chromium"/>; when it is missing the test fails with the command that installs it.</summary>
    public static async Task<ReportBrowser> LaunchAsync(string chromium = ChromiumPath)
    {
        if (!File.Exists(chromium))
        {
            Assert.Fail($"The browser test needs Debian's chromium at {chromium}, which is missing: apt-get install -y chromium");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Timeout = 30_000 });
            return new ReportBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens the HTML file and waits until it has loaded, pictures included.</summary>
    public async Task<OpenedPage> OpenAsync(string htmlPath)
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout(10_000);
        var opened = new OpenedPage(page, new Uri(htmlPath).AbsoluteUri);
        await page.GotoAsync(opened.Url, new() { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A loaded page with what it did: console errors, page errors, dialogs, and requests that left the file.</summary>
internal sealed class OpenedPage
{
    public OpenedPage(IPage page, string url)
    {
        Page = page;
        Url = url;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Enqueue($"page error: {error}");
        page.Dialog += async (_, dialog) =>
        {
            Problems.Enqueue($"dialog: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (request.Url != Url && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                Problems.Enqueue($"request: {request.Url}");
            }
        };
    }

    public IPage Page { get; }

    public string Url { get; }

    public ConcurrentQueue<string> Problems { get; } = new();
}
