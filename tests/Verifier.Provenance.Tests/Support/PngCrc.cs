namespace Verifier.Provenance.Tests.Support;

/// <summary>PNG's chunk CRC (CRC-32, ISO 3309), a plain bitwise loop, for tests that rewrite a chunk.</summary>
internal static class PngCrc
{
    public static uint Of(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
