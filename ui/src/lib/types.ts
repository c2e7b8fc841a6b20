/** The API v2 models the UI reads (Alertmanager 0.25 to 0.34; later fields are optional). */

export type LabelSet = Record<string, string>;

export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface AlertStatus {
  state: 'unprocessed' | 'active' | 'suppressed';
  silencedBy: string[];
  inhibitedBy: string[];
  /** 0.28+ */
  mutedBy?: string[];
}

export interface Alert {
  labels: LabelSet;
  annotations: LabelSet;
  receivers: { name: string }[];
  fingerprint: string;
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  generatorURL?: string;
  status: AlertStatus;
}

export interface AlertGroup {
  labels: LabelSet;
  /** 0.34+ */
  routeLabels?: LabelSet;
  receiver: { name: string };
  alerts: Alert[];
}

export type SilenceState = 'active' | 'pending' | 'expired';

export interface Silence {
  id: string;
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  status: { state: SilenceState };
}

export interface PostableSilence {
  id?: string;
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface Receiver {
  name: string;
  /** 0.33+ */
  labels?: LabelSet;
}

export interface AmStatus {
  cluster: { name?: string; status: string; peers?: { name: string; address: string }[] | null };
  versionInfo: { version: string; revision: string; branch: string; buildUser: string; buildDate: string; goVersion: string };
  config: { original: string };
  uptime: string;
}
