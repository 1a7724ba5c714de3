using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// The outcome of <c>verifier train adversarial</c>: the setting, what was held out, and one <see cref="RoundRecord"/>
/// per round; written as <c>report.json</c> and <c>report.md</c>, which says whether the detector got stronger on the
/// held-out families between round 0 and the last round.
/// </summary>
public sealed record AdversarialReport(
    string Generator,
    string DetectorStart,
    AdversarialOptions Options,
    IReadOnlyList<string> TrainingFamilies,
    IReadOnlyList<string> HeldOutFamilies,
    int TrainingTiles,
    int HeldOutTiles,
    int RealClips,
    IReadOnlyList<RoundRecord> Rounds,
    IReadOnlyList<string> Skipped)
{
    public const string JsonName = "report.json";
    public const string MarkdownName = "report.md";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Last round's held-out AUC minus round 0's.</summary>
    public double AucChange => Rounds[^1].HeldOutAuc - Rounds[0].HeldOutAuc;

    /// <summary>
    /// "stronger" or "weaker" when round 0's AUC lies outside the last round's 95% interval on that side, else "no clear
    /// change" (tile-level intervals over a few families are wide: read the figures, not just the word).
    /// </summary>
    public string Verdict => Rounds.Count < 2 ? "no adversarial round yet"
        : Rounds[0].HeldOutAuc < Rounds[^1].HeldOutAucLow ? "stronger"
        : Rounds[0].HeldOutAuc > Rounds[^1].HeldOutAucHigh ? "weaker"
        : "no clear change";

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        WriteThroughRename(Path.Combine(folder, JsonName), JsonSerializer.SerializeToUtf8Bytes(this, Json));
        WriteThroughRename(Path.Combine(folder, MarkdownName), Encoding.UTF8.GetBytes(ToMarkdown()));
    }

    public string ToMarkdown()
    {
        static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        var text = new StringBuilder();
        text.AppendLine("# Adversarial training report").AppendLine();
        text.AppendLine($"Generator: `{Generator}`; starting detector: {DetectorStart}. {Rounds.Count - 1} adversarial rounds of " +
            $"{Options.DetectorEpochs} detector epoch(s) and {Options.GeneratorSteps} generator steps (lambda {Options.Lambda}), seed {Options.Seed}.");
        text.AppendLine($"Detector training: {TrainingTiles} corpus tiles of {TrainingFamilies.Count} families, plus {RealClips} real clips at the " +
            $"generator's scale and the round's fakes. Held out (AUC below): {HeldOutTiles} tiles of {string.Join(", ", HeldOutFamilies)}.").AppendLine();
        text.AppendLine("| round | held-out AUC (95% CI) | TPR at 1% FPR | fooling rate (sampled) | before generator step | aligned fooling rate | mean fake logit | detector loss first -> last | flow loss first -> last | adversarial loss first -> last | seconds |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rounds)
        {
            text.AppendLine($"| {r.Round} | {F(r.HeldOutAuc)} ({F(r.HeldOutAucLow)}-{F(r.HeldOutAucHigh)}) | {F(r.HeldOutTprAt1PctFpr)} | {F(r.FoolingRate)} | " +
                $"{F(r.FoolingRateBeforeGeneratorStep)} | {F(r.AlignedFoolingRate)} | {F(r.MeanFakeLogit)} | {F(r.DetectorLossFirst)} -> {F(r.DetectorLossLast)} | " +
                $"{F(r.FlowLossFirst)} -> {F(r.FlowLossLast)} | {F(r.AdversarialLossFirst)} -> {F(r.AdversarialLossLast)} | {r.Seconds:0} |");
        }

        text.AppendLine();
        text.AppendLine(Rounds.Count < 2
            ? "No adversarial round has run yet."
            : $"**Did the loop make the detector stronger on unseen families? {Verdict}**: held-out AUC {F(Rounds[0].HeldOutAuc)} at round 0, " +
              $"{F(Rounds[^1].HeldOutAuc)} after round {Rounds[^1].Round} (change {AucChange:+0.000;-0.000;0.000}). Part of any change is plain " +
              "extra detector training on the corpus, not the generator's fakes: the loop has no control run without them.");
        return text.ToString();
    }

    private static void WriteThroughRename(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
