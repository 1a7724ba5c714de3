using System.Text;
using Verifier.Detector.Model;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// The per-second plot of a clip: one bar per segment (height = p(AI)), the card's verdict band drawn as shaded zones
/// behind it, the time axis in seconds. An image, or a clip with no scored segment, gets a sentence instead.
/// </summary>
internal static class TimelineSvg
{
    private const double Width = 760, Height = 230, Left = 52, Right = 16, Top = 14, Bottom = 44;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const int MaxTicks = 8;
    private static readonly double[] TickSteps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

    public static void Write(StringBuilder html, ScanReport report, DecisionThresholds thresholds)
    {
        html.Append("<section id=\"timeline\">\n<h2>Timeline: p(AI) per second</h2>\n");
        if (report.MediaType != MediaTypes.Video)
        {
            html.Append("<p class=\"no-timeline\">This is a still image: there is no timeline.</p>\n</section>\n");
            return;
        }

        if (report.Segments.Count == 0)
        {
            html.Append("<p class=\"no-timeline\">No frame of this clip was scored: there is no timeline.</p>\n</section>\n");
            return;
        }

        // The probe's duration, unless the segments reach further (or the probe had none).
        var duration = Math.Max(report.Media.DurationSeconds, report.Segments.Max(s => s.EndSeconds));
        if (!(duration > 0))
        {
            duration = 1;
        }

        html.Append($"<svg class=\"timeline\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-label=\"p(AI) per second\">\n");
        Bands(html, thresholds);
        Bars(html, report.Segments, duration);
        Axes(html, thresholds, duration);
        html.Append("</svg>\n");
        html.Append($"""
            <p class="legend">Bars: the model's p(AI) for each second that had sampled frames. Shaded: red at or above
            {HtmlText.Probability(thresholds.AiAtLeast)} (likely AI-generated), grey between (inconclusive), green at or below
            {HtmlText.Probability(thresholds.RealAtMost)} (likely real).</p>
            </section>

            """);
    }

    private static double X(double seconds, double duration) => Left + seconds / duration * PlotWidth;

    private static double Y(double probability) => Top + (1 - Math.Clamp(probability, 0, 1)) * PlotHeight;

    private static void Bands(StringBuilder html, DecisionThresholds thresholds)
    {
        Band(html, "band-ai", 1, thresholds.AiAtLeast);
        Band(html, "band-inconclusive", thresholds.AiAtLeast, thresholds.RealAtMost);
        Band(html, "band-real", thresholds.RealAtMost, 0);
    }

    private static void Band(StringBuilder html, string css, double from, double to) =>
        html.Append($"<rect class=\"{css}\" x=\"{N(Left)}\" y=\"{N(Y(from))}\" width=\"{N(PlotWidth)}\" height=\"{N(Y(to) - Y(from))}\"/>\n");

    private static void Bars(StringBuilder html, IReadOnlyList<SegmentScore> segments, double duration)
    {
        foreach (var segment in segments)
        {
            var x0 = X(segment.StartSeconds, duration);
            var span = X(segment.EndSeconds, duration) - x0;
            // A small gap keeps neighbouring seconds apart; a minimum size keeps a p(AI) of 0 visible as a sliver.
            var width = Math.Max(span - Math.Min(2, span * 0.15), 1);
            var height = Math.Max(segment.ProbabilityOfAi * PlotHeight, 1);
            var p = HtmlText.Probability(segment.ProbabilityOfAi);
            html.Append($"<rect class=\"segment\" data-p-ai=\"{p}\" x=\"{N(x0)}\" y=\"{N(Top + PlotHeight - height)}\" ")
                .Append($"width=\"{N(width)}\" height=\"{N(height)}\" fill=\"{ScoreColours.Fill(segment.ProbabilityOfAi)}\">")
                .Append($"<title>{N(segment.StartSeconds)}-{N(segment.EndSeconds)} s: p(AI) {p}</title></rect>\n");
        }
    }

    private static void Axes(StringBuilder html, DecisionThresholds thresholds, double duration)
    {
        var baseline = Top + PlotHeight;
        html.Append($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(baseline)}\" x2=\"{N(Left + PlotWidth)}\" y2=\"{N(baseline)}\"/>\n");
        html.Append($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(Top)}\" x2=\"{N(Left)}\" y2=\"{N(baseline)}\"/>\n");
        foreach (var p in new[] { 0, thresholds.RealAtMost, thresholds.AiAtLeast, 1 }.Distinct())
        {
            html.Append($"<text class=\"tick\" x=\"{N(Left - 6)}\" y=\"{N(Y(p) + 4)}\" text-anchor=\"end\">{HtmlText.Number(p, "0.##")}</text>\n");
        }

        var step = TickSteps.FirstOrDefault(s => duration / s <= MaxTicks, TickSteps[^1]);
        for (var i = 0; i * step <= duration + 1e-9; i++)
        {
            var x = N(X(i * step, duration));
            html.Append($"<line class=\"axis\" x1=\"{x}\" y1=\"{N(baseline)}\" x2=\"{x}\" y2=\"{N(baseline + 5)}\"/>")
                .Append($"<text class=\"tick\" x=\"{x}\" y=\"{N(baseline + 18)}\" text-anchor=\"middle\">{HtmlText.Number(i * step)} s</text>\n");
        }

        html.Append($"<text class=\"axis-title\" x=\"{N(Left + PlotWidth / 2)}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">time (seconds)</text>\n");
        html.Append($"<text class=\"axis-title\" x=\"14\" y=\"{N(Top + PlotHeight / 2)}\" text-anchor=\"middle\" ")
            .Append($"transform=\"rotate(-90 14 {N(Top + PlotHeight / 2)})\">p(AI)</text>\n");
    }

    private static string N(double value) => HtmlText.Number(value, "0.##");
}
