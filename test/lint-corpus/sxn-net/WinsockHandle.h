// Reduced from stas-sultanov/SXN.Net src/TcpServerCli/WinsockHandle.h (C++/CLI): the
// socket wrapper whose WSAIoctl member forwards every argument but the socket.
#pragma once
#include "Stdafx.h"

namespace SXN
{
	namespace Net
	{
		public ref class WinSocket
		{
			private:

			SOCKET socket;

			public:

			inline int WSAIoctl(DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
			{
				return ::WSAIoctl(socket, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer, lpcbBytesReturned, lpOverlapped, lpCompletionRoutine);
			}

			inline int bind(const sockaddr *name, int namelen)
			{
				return ::bind(socket, name, namelen);
			}
		};
	}
}
