using System.Globalization;

namespace MiniBus.Monitoring
{
    /// <summary>The standalone functions of stats.go.</summary>
    internal static class StatsHelpers
    {
        /// <summary>Renders <paramref name="n"/> with a binary unit: "512 B", "1.5 KiB", "3.0 MiB".</summary>
        internal static string FormatBytes(long n)
        {
            const long unit = 1024;
            if (n < unit)
            {
                return n.ToString(CultureInfo.InvariantCulture) + " B";
            }
            long div = unit;
            var exp = 0;
            for (var m = n / unit; m >= unit; m /= unit)
            {
                div *= unit;
                exp++;
            }
            return string.Format(CultureInfo.InvariantCulture, "{0:F1} {1}iB", (double)n / div, "KMGTPE"[exp]);
        }
    }
}
