namespace Airwave.Media.Hls;

/// <summary>Picks the variant of an upstream master playlist to relay: by name, resolution or bandwidth, else the highest bandwidth.</summary>
public static class HlsVariantSelector
{
    /// <summary>The chosen variant, or null when there is none.</summary>
    /// <param name="master">The master playlist.</param>
    /// <param name="name">A NAME to match (case-insensitive), or empty.</param>
    /// <param name="resolution">A RESOLUTION to match, such as 1280x720, or empty.</param>
    /// <param name="bandwidth">The variant with the closest BANDWIDTH not above it wins; 0 means the highest.</param>
    public static ParsedVariant? Choose(ParsedMasterPlaylist master, string name, string resolution, long bandwidth)
    {
        ArgumentNullException.ThrowIfNull(master);
        var variants = master.Variants;
        if (name.Length > 0 && variants.FirstOrDefault(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return named;
        }

        if (resolution.Length > 0
            && variants.Where(v => v.Resolution.Equals(resolution, StringComparison.OrdinalIgnoreCase)).MaxBy(v => v.Bandwidth) is { } sized)
        {
            return sized;
        }

        if (bandwidth > 0 && variants.Where(v => v.Bandwidth <= bandwidth).MaxBy(v => v.Bandwidth) is { } fitting)
        {
            return fitting;
        }

        return bandwidth > 0 ? variants.MinBy(v => v.Bandwidth) : variants.MaxBy(v => v.Bandwidth);
    }
}
