using System.Text;
using Verifier.Detector.Model;

namespace Verifier.Detector.Reports.Html;

/// <summary>The card of the model that scored: input, calibration, thresholds, and the families it was trained and tested on.</summary>
public static class ModelCardSection
{
    // The card's figure names as a reader knows them; any other name is shown as written.
    private static readonly Dictionary<string, string> FigureNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auc"] = "AUC",
        ["ap"] = "AP",
        ["accuracy"] = "Accuracy",
        ["tprAt1PctFpr"] = "TPR at 1% FPR",
    };

    public static void Write(StringBuilder html, ModelCard card)
    {
        html.Append("<section id=\"model-card\">\n<h2>Model card</h2>\n<table class=\"facts\">\n");
        Row(html, "Model", $"{HtmlText.Escape(card.Name)} {HtmlText.Escape(card.Version)}");
        Row(html, "Input", $"{HtmlText.Escape(card.InputLayout)}, {card.Channels} channels, tiles of {card.TileSize} x {card.TileSize} pixels, "
            + $"{card.FramesPerSample} frame(s) per sample");
        Row(html, "Calibration", $"temperature {HtmlText.Number(card.Calibration.Temperature, "0.###")}: p(AI) = sigmoid(logit / temperature)");
        Row(html, "Thresholds", $"likely real at or below {HtmlText.Probability(card.Thresholds.RealAtMost)}, "
            + $"likely AI-generated at or above {HtmlText.Probability(card.Thresholds.AiAtLeast)}, inconclusive between");
        html.Append("</table>\n");
        Families(html, "Training families", "training-families", card.TrainingFamilies);
        Families(html, "Held-out families (never seen in training)", "held-out-families", card.HeldOutFamilies);
        html.Append("<p class=\"note\">Held-out figures are the honest guide to how the model does on a generator it has not seen.</p>\n</section>\n");
    }

    private static void Row(StringBuilder html, string name, string escapedValue) =>
        html.Append($"<tr><th scope=\"row\">{name}</th><td>{escapedValue}</td></tr>\n");

    private static void Families(StringBuilder html, string title, string id, IReadOnlyList<FamilyFigures> families)
    {
        html.Append($"<h3>{title}</h3>\n");
        if (families.Count == 0)
        {
            html.Append("<p>The card lists none.</p>\n");
            return;
        }

        var metrics = families.SelectMany(f => f.Figures.Keys).Distinct(StringComparer.Ordinal).ToList();
        html.Append($"<table class=\"families\" id=\"{id}\">\n<thead><tr><th>Family</th><th>Items</th>");
        foreach (var metric in metrics)
        {
            html.Append($"<th>{HtmlText.Escape(FigureNames.GetValueOrDefault(metric, metric))}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var family in families)
        {
            html.Append($"<tr><td>{HtmlText.Escape(family.Name)}</td><td>{family.Items}</td>");
            foreach (var metric in metrics)
            {
                var cell = family.Figures.TryGetValue(metric, out var value) ? HtmlText.Number(value, "0.000") : "-";
                html.Append($"<td>{cell}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }
}
