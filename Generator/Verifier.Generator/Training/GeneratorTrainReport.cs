namespace Verifier.Generator.Training;

/// <summary>What one stage did: steps (resumed ones included), the loss averaged over its first and last steps, and speed.</summary>
public sealed record StageSummary(TrainingStage Stage, int Steps, float FirstLoss, float LastLoss, double StepsPerSecond);

/// <summary>The outcome of a training run: clips used, files skipped (each with why), each stage, the model folder.</summary>
public sealed record GeneratorTrainReport(int Clips, IReadOnlyList<string> Skipped, IReadOnlyList<StageSummary> Stages, string ModelFolder);
