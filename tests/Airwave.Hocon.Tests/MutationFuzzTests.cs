using System.Globalization;
using Xunit.Abstractions;

namespace Airwave.Hocon.Tests;

public class MutationFuzzTests(ITestOutputHelper output)
{
    private const string ValidDocument = """"
        # Airwave test document
        include "optional-missing.conf"
        airwave {
          data-dir = "data"
          node-name = ${?HOSTNAME}
          http { port = 8000, bind: "0.0.0.0" }
          cluster.roles = [master, slave]
          cluster.roles += extra
          defaults { password = "", burst-size = 64KiB, rewind = 4h }
          channels {
            "*" = ${airwave.defaults}
            live = ${airwave.defaults} { password = hack me }
            demo { upstreams = [{ url = "http://a:8000/x", type = auto }, { url = """raw "text" """ }] }
          }
          path = [a]
          path = ${airwave.path} [b]
          title = "unicode \u00e9 \t tab" // trailing comment
          numbers = [1, -2.5, 3e4, true, false, null]
        }
        """";

    private const string Alphabet = "{}[],:=+$?\"\\#/ \n\tab1.-*()";

    [Fact]
    public async Task Random_mutations_of_a_valid_document_throw_only_HoconException_and_never_hang()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AIRWAVE_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Environment.TickCount;
        output.WriteLine($"fuzz seed {seed} (set AIRWAVE_FUZZ_SEED to replay)");
        var random = new Random(seed);
        var options = TestHocon.Options(new Dictionary<string, string> { ["HOSTNAME"] = "box" }, Path.GetTempPath());
        TestHocon.Parse(ValidDocument, new Dictionary<string, string>());

        for (var iteration = 0; iteration < 1500; iteration++)
        {
            var document = Mutate(ValidDocument, random, 1 + random.Next(4));
            var parse = Task.Run(() => HoconLoader.Parse(document, "fuzz.conf", options));
            if (await Task.WhenAny(parse, Task.Delay(TimeSpan.FromSeconds(10))) != parse)
            {
                Assert.Fail($"seed {seed}, iteration {iteration}: parsing did not finish\n{document}");
            }

            try
            {
                await parse;
            }
            catch (HoconException)
            {
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed}, iteration {iteration}: {e}\n---\n{document}");
            }
        }
    }

    private static string Mutate(string text, Random random, int count)
    {
        var chars = new List<char>(text);
        for (var i = 0; i < count && chars.Count > 0; i++)
        {
            var at = random.Next(chars.Count);
            var length = Math.Min(1 + random.Next(8), chars.Count - at);
            switch (random.Next(5))
            {
                case 0:
                    chars.RemoveRange(at, length);
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    chars.InsertRange(random.Next(chars.Count), chars.GetRange(at, length));
                    break;
                case 3:
                    var other = random.Next(chars.Count);
                    (chars[at], chars[other]) = (chars[other], chars[at]);
                    break;
                default:
                    chars.RemoveRange(at, chars.Count - at);
                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
