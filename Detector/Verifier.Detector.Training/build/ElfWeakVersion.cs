// Compiled twice: by MSBuild's RoslynCodeTaskFactory (LibTorchSharpGlibcxx.targets), which builds the task at the
// end of this file, and by the Training tests, which define ELF_WEAK_VERSION_NO_TASK and test the patch logic itself.
using System;
using System.IO;
using System.Text;

namespace Verifier.Detector.Training.Build
{
    /// <summary>What <see cref="ElfWeakVersion.MarkWeak"/> found and did.</summary>
    public enum ElfWeakVersionResult
    {
        /// <summary>The version requirement was strong and is now weak (the file was rewritten).</summary>
        Patched,

        /// <summary>The requirement was already weak; the file was not touched.</summary>
        AlreadyWeak,

        /// <summary>The file asks for no such version; the file was not touched.</summary>
        NotRequired,
    }

    /// <summary>
    /// Marks one version requirement of an ELF64 little-endian shared object weak: sets VER_FLG_WEAK in the
    /// vna_flags of the matching Elf64_Vernaux entry of .gnu.version_r (SHT_GNU_verneed). The dynamic loader then
    /// accepts a library that lacks that version. libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol nothing
    /// relocates against, and Debian 12's libstdc++ stops at 3.4.30 (docs/stack.md).
    /// </summary>
    public static class ElfWeakVersion
    {
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const int SectionHeaderSize = 64;
        private const int VerneedSize = 16;
        private const int VernauxSize = 16;

        /// <summary>Patches <paramref name="path"/> in place when needed; bad ELF gives InvalidDataException naming the file.</summary>
        public static ElfWeakVersionResult MarkWeak(string path, string versionName)
        {
            var bytes = File.ReadAllBytes(path);
            var result = MarkWeak(bytes, versionName, path);
            if (result == ElfWeakVersionResult.Patched)
            {
                // Write beside and move over, so a hard link into the NuGet cache is replaced, never edited through;
                // keep the timestamp so MSBuild's incremental copy sees the same file and leaves it.
                var written = File.GetLastWriteTimeUtc(path);
                var temp = path + ".weak-patch.tmp";
                File.WriteAllBytes(temp, bytes);
                File.SetLastWriteTimeUtc(temp, written);
                File.Delete(path);
                File.Move(temp, path);
            }

            return result;
        }

        /// <summary>Patches the image in memory; <paramref name="source"/> names it in errors.</summary>
        /// <remarks>Plain array reads only: MSBuild compiles this file against netstandard 2.0 (no spans).</remarks>
        public static ElfWeakVersionResult MarkWeak(byte[] elf, string versionName, string source)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw Bad(source, "not an ELF file");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw Bad(source, "not a 64-bit little-endian ELF file");
            }

            var sectionTable = Offset(elf, 0x28, source);
            var entrySize = U16(elf, 0x3A);
            var count = U16(elf, 0x3C);
            if (entrySize != SectionHeaderSize || sectionTable + (long)count * SectionHeaderSize > elf.Length)
            {
                throw Bad(source, "section header table lies outside the file");
            }

            for (var i = 0; i < count; i++)
            {
                var header = sectionTable + (long)i * SectionHeaderSize;
                if (U32(elf, header + 4) == ShtGnuVerneed)
                {
                    var link = U32(elf, header + 40);
                    if (link >= count)
                    {
                        throw Bad(source, ".gnu.version_r links to a missing string table");
                    }

                    var strings = sectionTable + link * SectionHeaderSize;
                    var stringsStart = Offset(elf, strings + 24, source);
                    var stringsEnd = stringsStart + Offset(elf, strings + 32, source);
                    if (stringsEnd > elf.Length)
                    {
                        throw Bad(source, "the version string table lies outside the file");
                    }

                    return PatchVerneed(elf, Offset(elf, header + 24, source), U32(elf, header + 44), stringsStart, stringsEnd,
                        Encoding.ASCII.GetBytes(versionName), source);
                }
            }

            return ElfWeakVersionResult.NotRequired;
        }

        private static ElfWeakVersionResult PatchVerneed(
            byte[] elf, long need, uint entries, long stringsStart, long stringsEnd, byte[] wanted, string source)
        {
            for (uint n = 0; n < entries; n++)
            {
                Require(need + VerneedSize <= elf.Length, source);
                var auxCount = U16(elf, need + 2);
                var aux = need + U32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    Require(aux + VernauxSize <= elf.Length, source);
                    var name = stringsStart + U32(elf, aux + 8);
                    Require(name < stringsEnd, source);
                    if (NameEquals(elf, name, stringsEnd, wanted))
                    {
                        var flags = U16(elf, aux + 4);
                        if ((flags & VerFlagWeak) != 0)
                        {
                            return ElfWeakVersionResult.AlreadyWeak;
                        }

                        flags |= VerFlagWeak;
                        elf[aux + 4] = (byte)flags;
                        elf[aux + 5] = (byte)(flags >> 8);
                        return ElfWeakVersionResult.Patched;
                    }

                    aux += U32(elf, aux + 12);
                }

                var next = U32(elf, need + 12);
                if (next == 0)
                {
                    break;
                }

                need += next;
            }

            return ElfWeakVersionResult.NotRequired;
        }

        /// <summary>Whether the NUL-terminated string at <paramref name="at"/> is exactly <paramref name="wanted"/>.</summary>
        private static bool NameEquals(byte[] elf, long at, long end, byte[] wanted)
        {
            if (at + wanted.Length >= end)
            {
                return false;
            }

            for (var i = 0; i < wanted.Length; i++)
            {
                if (elf[at + i] != wanted[i])
                {
                    return false;
                }
            }

            return elf[at + wanted.Length] == 0;
        }

        private static ushort U16(byte[] b, long at) => (ushort)(b[at] | b[at + 1] << 8);

        private static uint U32(byte[] b, long at) => (uint)(U16(b, at) | U16(b, at + 2) << 16);

        private static long Offset(byte[] b, long at, string source)
        {
            var value = U32(b, at) | (ulong)U32(b, at + 4) << 32;
            if (value > (ulong)b.Length)
            {
                throw Bad(source, "offset " + value + " lies outside the file");
            }

            return (long)value;
        }

        private static void Require(bool inside, string source)
        {
            if (!inside)
            {
                throw Bad(source, ".gnu.version_r points outside the file");
            }
        }

        private static InvalidDataException Bad(string source, string problem) => new InvalidDataException(source + ": " + problem);
    }

#if !ELF_WEAK_VERSION_NO_TASK
    /// <summary>MSBuild task: marks <see cref="VersionName"/> weak in each of <see cref="Files"/> that exists.</summary>
    public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = string.Empty;

        public override bool Execute()
        {
            foreach (var file in Files)
            {
                var path = file.ItemSpec;
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    var result = ElfWeakVersion.MarkWeak(path, VersionName);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, path + ": " + VersionName + " " + result);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    Log.LogError(path + ": cannot mark " + VersionName + " weak (" + e.Message + ")");
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
