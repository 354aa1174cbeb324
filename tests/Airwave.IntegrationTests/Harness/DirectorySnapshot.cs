using System.Security.Cryptography;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Every file under a directory with its SHA-256 and last write time, to show that a process wrote nothing there.</summary>
internal sealed record DirectorySnapshot(IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Takes the snapshot; files whose relative path <paramref name="skip"/> matches (such as a lock file) are left out.</summary>
    public static DirectorySnapshot Take(string directory, Func<string, bool>? skip = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, path);
            if (skip?.Invoke(relative) == true)
            {
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            files[relative] = $"{hash} {File.GetLastWriteTimeUtc(path):O}";
        }

        return new DirectorySnapshot(files);
    }

    /// <summary>The files added, removed or changed since <paramref name="before"/>, one per line; empty when none.</summary>
    public string DifferencesFrom(DirectorySnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changed = Files.Keys.Union(before.Files.Keys)
            .Where(file => Files.GetValueOrDefault(file) != before.Files.GetValueOrDefault(file))
            .Select(file => $"{file}: {before.Files.GetValueOrDefault(file) ?? "(absent)"} -> {Files.GetValueOrDefault(file) ?? "(absent)"}");
        return string.Join(Environment.NewLine, changed);
    }
}
