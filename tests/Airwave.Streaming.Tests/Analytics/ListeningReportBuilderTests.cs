using Airwave.Persistence.Analytics;
using Airwave.Streaming.Analytics;
using Xunit;

namespace Airwave.Streaming.Tests.Analytics;

/// <summary>The report's definitions on listens of known shape: sessions where they begin, listeners where they listen, time pro rata, peaks by overlap.</summary>
public sealed class ListeningReportBuilderTests
{
    private static readonly DateTime Nine = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_window_counts_sessions_listeners_peak_and_listening_time_exactly()
    {
        var report = Report(Nine, Nine.AddHours(2), TimeSpan.FromHours(1),
            Raw("a", "10.0.0.1", Nine.AddMinutes(10), TimeSpan.FromMinutes(30)),
            Raw("b", "10.0.0.2", Nine.AddMinutes(20), TimeSpan.FromMinutes(30)),
            Raw("c", "10.0.0.1", Nine.AddMinutes(70), TimeSpan.FromMinutes(20)));

        var total = report.Total;
        Assert.Equal((3, 2, 2), (total.Sessions, total.UniqueListeners, total.PeakConcurrent));
        Assert.Equal(80.0 / 60, total.TlhHours, 6);
        Assert.Equal(40, total.AtslMinutes, 4);
        Assert.Equal([2, 1], report.Intervals.Select(i => i.Sessions));
        Assert.Equal([2, 1], report.Intervals.Select(i => i.PeakConcurrent));
        Assert.Equal([1.0, Math.Round(20.0 / 60, 6)], report.Intervals.Select(i => i.TlhHours));
    }

    [Fact]
    public void A_listen_across_an_interval_edge_counts_its_time_in_each_part_and_its_session_where_it_began()
    {
        var report = Report(Nine, Nine.AddHours(2), TimeSpan.FromHours(1), Raw("a", "10.0.0.1", Nine.AddMinutes(45), TimeSpan.FromMinutes(30)));

        Assert.Equal([1, 0], report.Intervals.Select(i => i.Sessions));
        Assert.Equal([1, 1], report.Intervals.Select(i => i.UniqueListeners));
        Assert.Equal([0.25, 0.25], report.Intervals.Select(i => i.TlhHours));
    }

    [Fact]
    public void A_listener_handing_over_to_the_next_at_one_instant_is_not_two_at_once()
    {
        var report = Report(Nine, Nine.AddHours(1), TimeSpan.FromHours(1),
            Raw("a", "10.0.0.1", Nine, TimeSpan.FromMinutes(10)),
            Raw("b", "10.0.0.2", Nine.AddMinutes(10), TimeSpan.FromMinutes(10)));

        Assert.Equal(1, report.Total.PeakConcurrent);
    }

    [Fact]
    public void A_resumed_session_counts_once_and_outputs_and_offsets_are_split()
    {
        var rewind = Raw("s", "10.0.0.1", Nine.AddMinutes(30), TimeSpan.FromMinutes(10)) with { Offset = TimeSpan.FromHours(2) };
        var report = Report(Nine, Nine.AddHours(1), TimeSpan.FromHours(1),
            Raw("s", "10.0.0.1", Nine, TimeSpan.FromMinutes(10)),
            rewind,
            Raw("h", "10.0.0.3", Nine, TimeSpan.FromMinutes(6)) with { Output = ListenerOutput.Hls });

        Assert.Equal(2, report.Total.Sessions);
        Assert.Equal((1, 1), (report.ByOutput[ListenerOutput.Raw].Sessions, report.ByOutput[ListenerOutput.Hls].Sessions));
        Assert.Equal(0, report.ByOutput[ListenerOutput.Download].Sessions);
        Assert.Equal(16.0 / 60, report.ByOffset[ListeningReportBuilder.Live].TlhHours, 6);
        Assert.Equal(10.0 / 60, report.ByOffset[ListeningReportBuilder.Rewind].TlhHours, 6);
    }

    [Fact]
    public void A_window_of_too_many_intervals_is_refused_with_what_to_ask_instead()
    {
        var refused = Assert.Throws<ArgumentException>(() => new ListeningReportBuilder(null, Nine, Nine.AddDays(365), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));

        Assert.Contains("longer interval", refused.Message, StringComparison.Ordinal);
    }

    private static ListeningReport Report(DateTime from, DateTime to, TimeSpan interval, params ListenRow[] listens)
    {
        var builder = new ListeningReportBuilder("live", from, to, interval, TimeSpan.FromMinutes(1));
        foreach (var listen in listens)
        {
            builder.Add(listen);
        }

        return builder.Build();
    }

    private static ListenRow Raw(string session, string client, DateTime started, TimeSpan length) => new(
        Guid.NewGuid().ToString("N"), session, "live", ListenerOutput.Raw, client, "VLC/3.0", "node-a", TimeSpan.Zero, started, started + length, length, 16_000 * (long)length.TotalSeconds, true, "listener left");
}
