using System.Text;
using Verifier.Detector.Model;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// Each key frame with the tiles the model scored drawn over it as translucent rectangles coloured by p(AI), and one
/// colour legend. Tiles are in the frame's native pixels; the picture is native * scale, so the overlay scales them.
/// </summary>
internal static class HeatmapSection
{
    public static void Write(StringBuilder html, IReadOnlyList<KeyFrame> keyFrames, DecisionThresholds thresholds)
    {
        html.Append("<section id=\"heatmaps\">\n<h2>Tile heatmaps</h2>\n");
        if (keyFrames.Count == 0)
        {
            html.Append("<p>The scan kept no pictures of the frames, so there is nothing to draw the tiles over.</p>\n</section>\n");
            return;
        }

        html.Append("<p>Each rectangle is a tile the model scored at the frame's native resolution, coloured by its p(AI).</p>\n");
        Legend(html, thresholds);
        html.Append("<div class=\"heatmaps\">\n");
        foreach (var key in keyFrames)
        {
            Heatmap(html, key);
        }

        html.Append("</div>\n</section>\n");
    }

    private static void Heatmap(StringBuilder html, KeyFrame key)
    {
        var (width, height) = (key.Picture.Width, key.Picture.Height);
        html.Append($"<figure class=\"heatmap\" id=\"{key.Anchor}\"><div class=\"overlay-box\">")
            .Append($"<img src=\"{key.DataUri}\" width=\"{width}\" height=\"{height}\" alt=\"{KeyFramesSection.Caption(key)}\">")
            .Append($"<svg class=\"tiles\" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\n");
        foreach (var tile in key.Frame?.Tiles ?? [])
        {
            Tile(html, tile, key.Picture);
        }

        var caption = key.Frame is null
            ? $"{KeyFramesSection.Caption(key)}: no scored frame has this time, so no tiles are drawn"
            : $"{KeyFramesSection.Caption(key)}, {key.Frame.Tiles.Count} tiles";
        html.Append($"</svg></div><figcaption>{caption}</figcaption></figure>\n");
    }

    private static void Tile(StringBuilder html, TileResult tile, ReportPicture picture)
    {
        // Clipped to the picture: rounding in the downscale may push an edge tile a pixel past it.
        var x0 = Math.Clamp(tile.X * picture.Scale, 0, picture.Width);
        var y0 = Math.Clamp(tile.Y * picture.Scale, 0, picture.Height);
        var x1 = Math.Clamp((tile.X + tile.Width) * picture.Scale, 0, picture.Width);
        var y1 = Math.Clamp((tile.Y + tile.Height) * picture.Scale, 0, picture.Height);
        var p = HtmlText.Probability(tile.ProbabilityOfAi);
        var colour = ScoreColours.Fill(tile.ProbabilityOfAi);
        html.Append($"<rect class=\"tile\" data-p-ai=\"{p}\" x=\"{N(x0)}\" y=\"{N(y0)}\" width=\"{N(x1 - x0)}\" height=\"{N(y1 - y0)}\" ")
            .Append($"fill=\"{colour}\" stroke=\"{colour}\"><title>tile at {tile.X},{tile.Y} ({tile.Width} x {tile.Height}): p(AI) {p}</title></rect>\n");
    }

    /// <summary>The colour ramp from 0 to 1 with the card's thresholds marked on it.</summary>
    private static void Legend(StringBuilder html, DecisionThresholds thresholds)
    {
        const double left = 10, width = 300;
        html.Append("<svg class=\"colour-legend\" viewBox=\"0 0 320 46\" role=\"img\" aria-label=\"colour legend: p(AI) from 0 to 1\">\n")
            .Append("<defs><linearGradient id=\"score-ramp\">");
        foreach (var stop in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            html.Append($"<stop offset=\"{N(stop)}\" stop-color=\"{ScoreColours.Fill(stop)}\"/>");
        }

        html.Append($"</linearGradient></defs>\n<rect x=\"{N(left)}\" y=\"4\" width=\"{N(width)}\" height=\"14\" fill=\"url(#score-ramp)\"/>\n");
        foreach (var (p, label) in new[] { (0.0, "0 real"), (thresholds.RealAtMost, null), (thresholds.AiAtLeast, null), (1.0, "1 AI") })
        {
            var x = N(left + p * width);
            var anchor = p <= 0 ? "start" : p >= 1 ? "end" : "middle";
            html.Append($"<line class=\"axis\" x1=\"{x}\" y1=\"2\" x2=\"{x}\" y2=\"22\"/>")
                .Append($"<text class=\"tick\" x=\"{x}\" y=\"36\" text-anchor=\"{anchor}\">{label ?? HtmlText.Number(p, "0.##")}</text>\n");
        }

        html.Append("</svg>\n");
    }

    private static string N(double value) => HtmlText.Number(value, "0.##");
}
