import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AuthPanelComponent } from './auth-panel.component';
import { FilesPanelComponent } from './files-panel.component';
import { ReviewsChartComponent } from './reviews-chart.component';
import { ReviewsTableComponent } from './reviews-table.component';
import { RoomPanelComponent } from './room-panel.component';

/**
 * The dashboard: the session in the header, the reviews chart and the paged live reviews, and the
 * room and files beside them.
 */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AuthPanelComponent,
    FilesPanelComponent,
    ReviewsChartComponent,
    ReviewsTableComponent,
    RoomPanelComponent,
  ],
  template: `
    <header>
      <h1>supabase-rx dashboard</h1>
      <app-auth-panel />
    </header>
    <main>
      <section><app-reviews-chart /><app-reviews-table /></section>
      <section><app-room-panel /><app-files-panel /></section>
    </main>
  `,
  styles: `
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
      padding: 0.5rem 1rem;
      background: #1f2937;
      color: #fff;
    }
    h1 {
      font-size: 1.1rem;
      margin: 0;
    }
  `,
})
export class AppComponent {}
