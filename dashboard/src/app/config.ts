import { InjectionToken } from '@angular/core';

/** Where the project's API is, as `npm start` writes it to config.json. */
export interface DashboardConfig {
  url: string;
  anonKey: string;
}

export const DASHBOARD_CONFIG = new InjectionToken<DashboardConfig>('DASHBOARD_CONFIG');

/** Reads config.json beside index.html. */
export async function loadConfig(): Promise<DashboardConfig> {
  const response = await fetch('config.json');
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<DashboardConfig>;
  if (typeof config.url !== 'string' || typeof config.anonKey !== 'string') {
    throw new Error('config.json needs a url and an anonKey');
  }
  return { url: config.url, anonKey: config.anonKey };
}
