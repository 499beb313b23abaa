/** A running dashboard server. */
export interface DashboardServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

export function serveDashboard(
  dir: string,
  config: { url: string; anonKey: string },
  port: number | undefined,
): Promise<DashboardServer>;
