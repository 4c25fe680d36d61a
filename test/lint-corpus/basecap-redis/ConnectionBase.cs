// Reduced from a Redis cluster client (namespace BaseCap.CloudAbstractions.Redis.Cluster; search-index
// file 40730506977): a TcpClient held in a field, the fast path asked on its Client socket
// before ConnectAsync; the exception is not caught here.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace BaseCap.CloudAbstractions.Redis.Cluster
{
    internal abstract class ConnectionBase : IDisposable
    {
        private readonly IPAddress _host;
        private readonly ushort _port;
        private TcpClient? _client;

        internal ValueTask OpenAsync(CancellationToken token) => ReconnectAsync(token);

        internal async ValueTask ReconnectAsync(CancellationToken token)
        {
            _client = new TcpClient();
            _client.Client.NoDelay = true;

            if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
            {
                const int SIO_LOOPBACK_FAST_PATH = -1744830448;
                if ((Environment.OSVersion.Version.Major > 6) || ((Environment.OSVersion.Version.Major == 6) && (Environment.OSVersion.Version.Minor >= 2)))
                {
                    byte[] optionInValue = BitConverter.GetBytes(1);
                    _client.Client.IOControl(SIO_LOOPBACK_FAST_PATH, optionInValue, null);
                }
            }

            Task connect = _client.ConnectAsync(_host, _port);
            await connect;
        }

        public void Dispose()
        {
            _client?.Dispose();
        }
    }
}
