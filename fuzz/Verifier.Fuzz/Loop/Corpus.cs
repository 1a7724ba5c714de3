namespace Verifier.Fuzz.Loop;

/// <summary>A target's seed corpus: every file of its folder (fuzz/corpus/TARGET/), in name order for repeatable runs.</summary>
public static class Corpus
{
    public static IReadOnlyList<byte[]> Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"seed corpus folder {folder} does not exist");
        }

        var seeds = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        return seeds.Count > 0 ? seeds : throw new InvalidDataException($"seed corpus folder {folder} holds no files");
    }
}
