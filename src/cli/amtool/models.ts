/** The API v2 JSON shapes amtool reads and writes (fields added after 0.25 are optional). */

export type LabelSetJson = Record<string, string>;

export interface MatcherJson {
  name: string;
  value: string;
  isRegex: boolean;
  /** Absent from Alertmanager before 0.22; means true. */
  isEqual?: boolean;
}

export interface GettableAlertJson {
  annotations: LabelSetJson;
  endsAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  startsAt: string;
  status: { inhibitedBy: string[]; mutedBy?: string[]; silencedBy: string[]; state: string };
  updatedAt: string;
  generatorURL?: string;
  labels: LabelSetJson;
}

export interface SilenceJson {
  matchers: MatcherJson[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  annotations?: LabelSetJson;
}

export interface GettableSilenceJson extends SilenceJson {
  id: string;
  status: { state: string };
  updatedAt: string;
}

export interface PostableSilenceJson extends SilenceJson {
  id?: string;
}

export interface PeerJson {
  name: string;
  address: string;
}

export interface ClusterStatusJson {
  name?: string;
  status: string;
  peers?: PeerJson[];
}

export interface StatusJson {
  cluster: ClusterStatusJson;
  config: { original: string };
  uptime: string;
  versionInfo: {
    branch: string;
    buildDate: string;
    buildUser: string;
    goVersion: string;
    revision: string;
    version: string;
  };
}
