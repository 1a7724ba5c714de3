using System.Text;
using Verifier.Detector.Reports.Html;

namespace Verifier.Detector.Training.Evaluation.Html;

/// <summary>
/// The frame both evaluation plots share: a square SVG with 0..1 on each axis, ticks every 0.2, the diagonal (chance for
/// ROC, perfect calibration for the reliability diagram) and axis titles; callers draw their data with <see cref="X"/>
/// and <see cref="Y"/>.
/// </summary>
internal static class UnitSquarePlot
{
    private const double Size = 360, Left = 52, Bottom = 44, Top = 12, Right = 12;
    private const double Plot = Size - Left - Right;

    public static double X(double value) => Left + (Math.Clamp(value, 0, 1) * Plot);

    public static double Y(double value) => Top + ((1 - Math.Clamp(value, 0, 1)) * Plot);

    public static string N(double value) => HtmlText.Number(value, "0.##");

    /// <summary>Opens the SVG and draws the frame; close it with <see cref="End"/>.</summary>
    public static void Begin(StringBuilder html, string id, string label, string xTitle, string yTitle)
    {
        html.Append($"<svg class=\"plot\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(Size)} {N(Size)}\" role=\"img\" aria-label=\"{HtmlText.Escape(label)}\">\n");
        html.Append($"<line class=\"diagonal\" x1=\"{N(X(0))}\" y1=\"{N(Y(0))}\" x2=\"{N(X(1))}\" y2=\"{N(Y(1))}\"/>\n");
        html.Append($"<line class=\"axis\" x1=\"{N(X(0))}\" y1=\"{N(Y(0))}\" x2=\"{N(X(1))}\" y2=\"{N(Y(0))}\"/>\n");
        html.Append($"<line class=\"axis\" x1=\"{N(X(0))}\" y1=\"{N(Y(0))}\" x2=\"{N(X(0))}\" y2=\"{N(Y(1))}\"/>\n");
        for (var i = 0; i <= 5; i++)
        {
            var v = i / 5.0;
            html.Append($"<text class=\"tick\" x=\"{N(X(v))}\" y=\"{N(Y(0) + 16)}\" text-anchor=\"middle\">{HtmlText.Number(v, "0.0")}</text>")
                .Append($"<text class=\"tick\" x=\"{N(X(0) - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{HtmlText.Number(v, "0.0")}</text>\n");
        }

        html.Append($"<text class=\"axis-title\" x=\"{N(X(0.5))}\" y=\"{N(Size - 8)}\" text-anchor=\"middle\">{HtmlText.Escape(xTitle)}</text>\n");
        html.Append($"<text class=\"axis-title\" x=\"14\" y=\"{N(Y(0.5))}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {N(Y(0.5))})\">{HtmlText.Escape(yTitle)}</text>\n");
    }

    public static void End(StringBuilder html) => html.Append("</svg>\n");
}
