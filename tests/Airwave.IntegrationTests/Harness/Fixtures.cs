namespace Airwave.IntegrationTests.Harness;

/// <summary>The shared audio files the tests push as sources.</summary>
internal static class Fixtures
{
    /// <summary>440 Hz plus pink noise, MP3 128 kbps 44.1 kHz stereo, 30 s.</summary>
    public static string Mp3Stereo128 => RepoLayout.Fixture("tone-128k-44100-stereo.mp3");

    /// <summary>330 Hz, MP3 32 kbps 22.05 kHz mono, 30 s.</summary>
    public static string Mp3Mono32 => RepoLayout.Fixture("tone-32k-22050-mono.mp3");

    /// <summary>660 Hz, ADTS AAC 64 kbps 48 kHz stereo, 30 s.</summary>
    public static string AacStereo64 => RepoLayout.Fixture("tone-64k-48000-stereo.aac");
}
