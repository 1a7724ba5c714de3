using Verifier.Detector.Model;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// Writes an evaluation's file-level figures into a model card's <c>heldOutFamilies</c>: each evaluated family's entry
/// gains <c>file*</c> figures (and <c>*Reencoded</c> ones), and one entry, <see cref="AllFilesName"/>, carries the
/// figures over all evaluated files. The tile-level figures training wrote stay beside them.
/// </summary>
public static class CardFigures
{
    public const string AllFilesName = "(all evaluated files)";

    public static ModelCard WithFileFigures(ModelCard card, EvalReport report)
    {
        var families = card.HeldOutFamilies.Where(f => f.Name != AllFilesName).Select(f => f.Name).ToList();
        families.AddRange(report.Original.Families.Select(f => f.Family).Where(name => !families.Contains(name)));
        var updated = new List<FamilyFigures>();
        foreach (var name in families)
        {
            var existing = card.HeldOutFamilies.FirstOrDefault(f => f.Name == name);
            var figures = new Dictionary<string, double>(existing?.Figures ?? new Dictionary<string, double>());
            var items = existing?.Items ?? 0;
            foreach (var (condition, suffix) in Conditions(report))
            {
                if (condition.Families.FirstOrDefault(f => f.Family == name) is { } family)
                {
                    items = Math.Max(items, family.Files);
                    Add(figures, "fileMeanPAi" + suffix, family.MeanProbabilityOfAi);
                    Add(figures, "fileShareAi" + suffix, family.ShareAi);
                    Add(figures, "fileShareReal" + suffix, family.ShareReal);
                    Add(figures, "fileShareInconclusive" + suffix, family.ShareInconclusive);
                    Add(figures, "fileAuc" + suffix, family.Auc);
                    Add(figures, "fileTprAt1PctFpr" + suffix, family.TprAt1PctFpr);
                }
            }

            updated.Add(new FamilyFigures(name, items, figures));
        }

        var all = new Dictionary<string, double>();
        foreach (var (condition, suffix) in Conditions(report))
        {
            Add(all, "auc" + suffix, condition.Auc);
            Add(all, "auc95Low" + suffix, condition.AucLow);
            Add(all, "auc95High" + suffix, condition.AucHigh);
            Add(all, "tprAt1PctFpr" + suffix, condition.TprAt1PctFpr);
            Add(all, "aiFiles" + suffix, condition.AiFiles);
            Add(all, "realFiles" + suffix, condition.RealFiles);
        }

        updated.Add(new FamilyFigures(AllFilesName, report.Original.Files, all));
        return card with { HeldOutFamilies = updated };
    }

    private static IEnumerable<(ConditionResult Condition, string Suffix)> Conditions(EvalReport report) =>
        report.Reencoded is { } reencoded ? [(report.Original, ""), (reencoded, "Reencoded")] : [(report.Original, "")];

    private static void Add(Dictionary<string, double> figures, string key, double? value)
    {
        if (value is { } v)
        {
            figures[key] = Math.Round(v, 4);
        }
    }
}
