using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>GStreamer's <c>shout2send</c> (libshout) pushing a test tone encoded by <c>lamemp3enc</c>, paced by the pipeline clock.</summary>
internal static class ShoutSendSource
{
    /// <summary>Starts <c>gst-launch-1.0</c>; dispose the result to stop it.</summary>
    public static ChildProcess Start(int port, string mount, string password, OutputLog output) =>
        ChildProcess.Start(
            "gst-launch-1.0",
            ["audiotestsrc", "is-live=true", "freq=440", "!", "audioconvert", "!", "lamemp3enc", "target=bitrate", "bitrate=128", "!",
             "shout2send", "ip=127.0.0.1", "port=" + port.ToString(CultureInfo.InvariantCulture), "password=" + password, "mount=" + mount, "streamname=shout2send test"],
            output: output,
            prefix: "[shout2send]");
}
