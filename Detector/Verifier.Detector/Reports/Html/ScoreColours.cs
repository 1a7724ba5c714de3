namespace Verifier.Detector.Reports.Html;

/// <summary>One colour ramp for scores everywhere on the page: green at p(AI) 0, yellow at 0.5, red at 1.</summary>
internal static class ScoreColours
{
    public static string Fill(double probabilityOfAi)
    {
        var hue = 120 * (1 - Math.Clamp(probabilityOfAi, 0, 1));
        return $"hsl({HtmlText.Number(hue, "0.#")},85%,45%)";
    }
}
