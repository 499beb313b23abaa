import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { DASHBOARD_CONFIG, loadConfig } from './app/config';

// The URL and key come from the server that serves the app (config.json), so one build works
// against an emulator on any port.
loadConfig()
  .then((config) =>
    bootstrapApplication(AppComponent, {
      providers: [
        provideZonelessChangeDetection(),
        { provide: DASHBOARD_CONFIG, useValue: config },
      ],
    }),
  )
  .catch((error: unknown) => {
    document.body.textContent = `The dashboard could not start: ${String(error)}`;
  });
