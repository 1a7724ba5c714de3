using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// One corpus item's own random generator, seeded from a hash of the run's seed and a key naming the item (its path
/// inside its corpus, and what is done to it), so an item's draws depend neither on the order nor on the thread the
/// items are processed in.
/// </summary>
public static class ItemDraws
{
    public static Random For(int seed, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{key}"));
        return new Random(BinaryPrimitives.ReadInt32LittleEndian(hash));
    }
}
