// Reduced from stas-sultanov/SXN.Net src/TcpServerCli/TcpWorker.h @ 9d2fbbf7 (C++/CLI): the
// fast path asked through the wrapper's WSAIoctl member; a failure returns false, and the
// constructor then throws: the server is not created.
#pragma once
#include "Stdafx.h"
#include "TcpServerException.h"
#include "WinsockHandle.h"

namespace SXN
{
	namespace Net
	{
		public ref class TcpWorker
		{
			private:

			initonly WinSocket^ serverSocket;

			public:

			TcpWorker(TcpWorkerSettings settings)
			{
				serverSocket = gcnew WinSocket();

				if (!TryConfigureBindAndStartListen(serverSocket, settings))
				{
					WinsockErrorCode winsockErrorCode = (WinsockErrorCode) ::WSAGetLastError();

					throw gcnew TcpServerException(winsockErrorCode);
				}
			}

			private:

			static Boolean TryConfigureBindAndStartListen(WinSocket^ serverSocket, TcpWorkerSettings settings)
			{
				if (settings.UseFastLoopback)
				{
					UInt32 optionValue = 1;

					DWORD dwBytes;

					int enableFastLoopbackResult = serverSocket->WSAIoctl(SIO_LOOPBACK_FAST_PATH, &optionValue, sizeof(UInt32), NULL, 0, &dwBytes, NULL, NULL);

					if (enableFastLoopbackResult == SOCKET_ERROR)
					{
						return false;
					}
				}

				int bindResult = serverSocket->bind((sockaddr *) &socketAddress, sizeof(SOCKADDR_IN));

				if (bindResult == SOCKET_ERROR)
				{
					return false;
				}

				int startListen = serverSocket->listen(200);

				if (startListen == SOCKET_ERROR)
				{
					return false;
				}

				return true;
			}
		};
	}
}
