namespace Verifier.Detector.Training.Data;

/// <summary>
/// One fold of a leave-one-family-out run: the family groups it holds out (keys of <see cref="FamilyGroup"/>), the items
/// it trains on and the items it scores. The two sides share no family and no source repository.
/// </summary>
public sealed record LofoFold(int Index, IReadOnlyList<string> HeldOutGroups, IReadOnlyList<CorpusItem> Train, IReadOnlyList<CorpusItem> HeldOut)
{
    public IReadOnlyList<FamilyCount> HeldOutFamilies => new CorpusSplit(Train, HeldOut).ValidationFamilies;
}
