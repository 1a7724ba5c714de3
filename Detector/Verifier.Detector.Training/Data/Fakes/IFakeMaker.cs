namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>One kind of AI-labelled item made from a real one (see <see cref="FakeCorpus"/>).</summary>
public interface IFakeMaker
{
    /// <summary>The kind's name on the command line and in output folders (e.g. "upsample").</summary>
    string Kind { get; }

    /// <summary>How many fakes of one original to make when <paramref name="perItem"/> are asked for.</summary>
    int Variants(int perItem);

    /// <summary>
    /// Writes one fake of <paramref name="original"/> at <paramref name="outputStem"/> plus the extension it chooses,
    /// drawing every random choice from <paramref name="random"/>. Input that cannot be used throws
    /// <see cref="Media.MediaException"/> naming the file.
    /// </summary>
    Task<MadeFake> MakeAsync(CorpusItem original, Random random, string outputStem, CancellationToken cancellation);
}

/// <summary>A fake as written: its file, its family, and exactly what was done to the original.</summary>
public sealed record MadeFake(string Path, string Family, string Processing);
