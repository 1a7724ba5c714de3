using System.Text;

namespace Verifier.Detector.Reports.Html;

/// <summary>Thumbnails of the key frames, each with its time and score, linking to its heatmap.</summary>
internal static class KeyFramesSection
{
    public static void Write(StringBuilder html, IReadOnlyList<KeyFrame> keyFrames)
    {
        html.Append("<section id=\"key-frames\">\n<h2>Key frames</h2>\n");
        if (keyFrames.Count == 0)
        {
            html.Append("<p>The scan kept no pictures of the frames.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"thumbs\">\n");
        foreach (var key in keyFrames)
        {
            html.Append($"<figure class=\"thumb\"><a href=\"#{key.Anchor}\">")
                .Append($"<img src=\"{key.DataUri}\" width=\"{key.Picture.Width}\" height=\"{key.Picture.Height}\" alt=\"{Caption(key)}\"></a>")
                .Append($"<figcaption>{Caption(key)}</figcaption></figure>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    /// <summary>"3.00 s, p(AI) 0.870", or the label alone when no scored frame matches.</summary>
    public static string Caption(KeyFrame key) =>
        key.Frame is { } frame ? $"{key.Label}, p(AI) {HtmlText.Probability(frame.ProbabilityOfAi)}" : key.Label;
}
