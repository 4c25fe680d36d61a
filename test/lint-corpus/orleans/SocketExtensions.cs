// Reduction of dotnet/orleans src/Orleans.Core/Networking/Shared/SocketExtensions.cs
// (see README.md): every exception is swallowed.
using System;
using System.Net.Sockets;

namespace Orleans.Networking.Shared
{
    internal static class SocketExtensions
    {
        private const int SIO_LOOPBACK_FAST_PATH = -1744830448;
        private static readonly byte[] Enabled = BitConverter.GetBytes(1);

        internal static void EnableFastPath(this Socket socket)
        {
            try
            {
                var osVersion = Environment.OSVersion.Version;
                if (osVersion.Major > 6 || osVersion.Major == 6 && osVersion.Minor >= 2)
                {
                    socket.IOControl(SIO_LOOPBACK_FAST_PATH, Enabled, null);
                }
            }
            catch
            {
                // Not supported before Windows 8 / Server 2012.
            }
        }
    }
}
