using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Analytics;

/// <summary>The node's listening analytics settings (<c>airwave.analytics</c>).</summary>
/// <param name="Enabled">False: no listens are recorded (the reports then read what earlier runs stored).</param>
/// <param name="FlushInterval">How often the listens that began, progressed or ended are written, in one batch.</param>
/// <param name="ProgressInterval">How often a listen that goes on writes its progress.</param>
/// <param name="HlsSessionTimeout">An HLS session that fetched no segment for this long after its audio ran out has ended.</param>
/// <param name="Retention">Listens last written longer ago than this are deleted.</param>
/// <param name="LiveWithin">A listen less than this far behind live counts as live in the reports, further behind as rewind.</param>
public sealed record ListeningOptions(bool Enabled, TimeSpan FlushInterval, TimeSpan ProgressInterval, TimeSpan HlsSessionTimeout, TimeSpan Retention, TimeSpan LiveWithin)
{
    /// <summary>The defaults of <c>reference.conf</c>.</summary>
    public static ListeningOptions Default { get; } =
        new(true, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromDays(90), TimeSpan.FromSeconds(60));

    /// <summary>Reads <c>airwave.analytics</c> (without its <c>elasticsearch</c> push, which the node reads).</summary>
    /// <exception cref="ConfigurationValueException">A value is malformed or below its minimum.</exception>
    public static ListeningOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("airwave:analytics");
        // The minima keep a typo from writing in a tight loop, or ending HLS sessions between two segments.
        return new ListeningOptions(
            section.GetSwitch("enabled", Default.Enabled),
            section.GetDuration("flush-interval", Default.FlushInterval, TimeSpan.FromMilliseconds(100)),
            section.GetDuration("progress-interval", Default.ProgressInterval, TimeSpan.FromSeconds(1)),
            section.GetDuration("hls-session-timeout", Default.HlsSessionTimeout, TimeSpan.FromSeconds(1)),
            section.GetDuration("retention", Default.Retention, TimeSpan.FromHours(1)),
            section.GetDuration("live-within", Default.LiveWithin, TimeSpan.Zero));
    }
}
