// An MSAL INetworkModule over node:https that trusts the fake cloud's CA (NODE_EXTRA_CA_CERTS is only
// read at process start, so in-process tests hand the CA over here).
import { request } from 'node:https'
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'

export function httpsJson(
  method: 'GET' | 'POST',
  url: string,
  ca: string,
  options: NetworkRequestOptions = {},
  timeoutMs = 30_000,
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca, headers: options.headers ?? {}, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
          resolve({
            status: res.statusCode ?? 0,
            headers,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        })
      },
    )
    req.on('timeout', () =>
      req.destroy(new Error(`timed out after ${timeoutMs} ms: ${method} ${url}`)),
    )
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}

export function networkClientTrusting(ca: string): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const res = await httpsJson(method, url, ca, options, timeout)
    let body: unknown
    try {
      body = JSON.parse(res.text)
    } catch {
      body = {}
    }
    return { status: res.status, headers: res.headers, body: body as T }
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, options),
  }
}
