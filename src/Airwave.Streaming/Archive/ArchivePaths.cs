using System.Globalization;

namespace Airwave.Streaming.Archive;

/// <summary>Where a segment's file lives below the archive root: <c>{channel}/{yyyy}/{MM}/{dd}/{HH}/{mediaSequence}.{ext}</c> (UTC).</summary>
public static class ArchivePaths
{
    /// <summary>The relative path, with forward slashes, of segment <paramref name="mediaSequence"/> of <paramref name="channel"/> starting at <paramref name="startUtc"/>.</summary>
    public static string Relative(string channel, DateTime startUtc, long mediaSequence, string extension)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(extension);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{channel}/{startUtc:yyyy}/{startUtc:MM}/{startUtc:dd}/{startUtc:HH}/{mediaSequence}{(extension[0] == '.' ? extension : "." + extension)}");
    }

    /// <summary>The full path of <paramref name="relative"/> below <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">The relative path would leave the root.</exception>
    public static string Full(string root, string relative)
    {
        var fullRoot = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(fullRoot, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(fullRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relative}' is not below the archive root.", nameof(relative));
        }

        return full;
    }
}
