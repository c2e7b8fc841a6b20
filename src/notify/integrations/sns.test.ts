import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { SnsConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createSnsNotifier } from './sns.ts';
import { signQueryPost } from './sns-sigv4.ts';
import type { Answer } from './integration-test-support.ts';
import { captureServerForTests, chatContext, FIRING, fixtureReceiver, readFixture, RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const PUBLISHED: Answer = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: '<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
};
const server = captureServerForTests(deps, { fallback: PUBLISHED });

async function fixtureConfigs(): Promise<SnsConfig[]> {
  return fixtureReceiver('sns', server.base).sns_configs ?? [];
}

function config(overrides: Partial<SnsConfig> = {}): SnsConfig {
  return {
    send_resolved: true,
    api_url: `${server.base}/sns`,
    sigv4: {
      region: 'us-east-1',
      access_key: 'AKIDEXAMPLE',
      secret_key: new Secret('sns-secret'),
      profile: '',
      role_arn: '',
      external_id: '',
      use_fips_sts_endpoint: false,
      service_name: '',
    },
    topic_arn: 'arn:aws:sns:us-east-1:1:t',
    phone_number: '',
    target_arn: '',
    subject: 's',
    message: 'm',
    use_aws_http_client: false,
    ...overrides,
  };
}

function form(body: string | undefined): URLSearchParams {
  return new URLSearchParams(body ?? '');
}

describe('sns matches Alertmanager 0.25 captures', () => {
  for (const [index, scenario] of [
    [0, 'am-0.25-topic'],
    [1, 'am-0.25-phone'],
  ] as const) {
    test(scenario, async () => {
      const configs = await fixtureConfigs();
      await createSnsNotifier(configs[index] as SnsConfig, deps).notify(chatContext(), [FIRING, RESOLVED]);
      const want = readFixture('sns', scenario);
      const got = server.requests[0];
      assert.equal(got?.method, want.method);
      assert.equal(got?.path, want.path);
      // aws-sdk-go-v2 (0.34) omits 0.25's "; charset=utf-8" and the empty `MessageAttributes=`.
      assert.equal(got?.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(got?.body, want.body.replace('&MessageAttributes=&', '&'));
      const authorization = (got?.headers['authorization'] ?? '').replace(/\/\d{8}\//, '/<yyyymmdd>/').replace(/Signature=[0-9a-f]{64}$/, 'Signature=<signature>');
      assert.equal(authorization, want.headers['authorization']);
      assert.match(String(got?.headers['x-amz-date']), /^\d{8}T\d{6}Z$/);
    });
  }
});

describe('sns', () => {
  test('SigV4 signatures equal botocore\'s for the same request', () => {
    const body = 'Action=Publish&Message=hi+%C3%A9&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At&Version=2010-03-31';
    const sign = (sessionToken?: string): string | undefined =>
      signQueryPost(
        new URL('http://127.0.0.1:8080/sns/'),
        body,
        'us-east-1',
        'sns',
        { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(sessionToken === undefined ? {} : { sessionToken }) },
        Date.parse('2026-11-21T02:37:57Z'),
      )['authorization'];
    assert.match(sign() ?? '', /Signature=aa51ab3bbf360a5e10d173d14b3463be28133e6d434144c981fa87a784706810$/);
    assert.match(sign('tok/en+=') ?? '', /x-amz-security-token, Signature=57c931700ede10a61d9a27ca9028c5e986da611493b21e24e00d38f08b3116a9$/);
  });

  test('FIFO topics carry the group key hash; target ARN; attributes sorted', async () => {
    const notifier = createSnsNotifier(
      config({ topic_arn: 'arn:aws:sns:us-east-1:1:t.fifo', target_arn: 'arn:t', attributes: { zeta: 'z', alpha: '{{ .Status }}' } }),
      deps,
    );
    await notifier.notify(chatContext(), [FIRING]);
    const f = form(server.requests[0]?.body);
    assert.equal(f.get('MessageDeduplicationId'), createHash('sha256').update('{}:{alertname="A1"}').digest('hex'));
    assert.equal(f.get('MessageGroupId'), f.get('MessageDeduplicationId'));
    assert.equal(f.get('TargetArn'), 'arn:t');
    assert.equal(f.get('MessageAttributes.entry.1.Name'), 'alpha');
    assert.equal(f.get('MessageAttributes.entry.1.Value.StringValue'), 'firing');
    assert.equal(f.get('MessageAttributes.entry.2.Name'), 'zeta');
  });

  test('SMS messages are cut at 1600 bytes and flagged truncated', async () => {
    await createSnsNotifier(config({ topic_arn: '', phone_number: '+1', message: 'é'.repeat(1000) }), deps).notify(chatContext(), [FIRING]);
    const raw = server.requests[0]?.body ?? '';
    const message = /(?:^|&)Message=([^&]*)/.exec(raw)?.[1] ?? '';
    assert.equal(decodeURIComponent(message.replaceAll('+', ' ')).length, 800);
    assert.equal(form(raw).get('MessageAttributes.entry.1.Name'), 'truncated');
    assert.equal(form(raw).get('MessageAttributes.entry.1.Value.StringValue'), 'true');
  });

  test('STS AssumeRole with external_id; the assumed credentials sign the Publish and are cached', async () => {
    const previous = process.env['AWS_ENDPOINT_URL_STS'];
    process.env['AWS_ENDPOINT_URL_STS'] = `${server.base}/sts`;
    try {
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      server.answers.push({
        status: 200,
        body: `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>rs</SecretAccessKey><SessionToken>st</SessionToken><Expiration>${expires}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
      });
      const base = config();
      const notifier = createSnsNotifier(config({ sigv4: { ...base.sigv4, role_arn: 'arn:aws:iam::1:role/r', external_id: 'ext' } }), deps);
      await notifier.notify(chatContext(), [FIRING]);
      await notifier.notify(chatContext(), [FIRING]);
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ['/sts', '/sns/', '/sns/'],
      );
      const sts = form(server.requests[0]?.body);
      assert.equal(sts.get('Action'), 'AssumeRole');
      assert.equal(sts.get('RoleArn'), 'arn:aws:iam::1:role/r');
      assert.equal(sts.get('ExternalId'), 'ext');
      assert.match(server.requests[0]?.headers['authorization'] ?? '', /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sts\//);
      assert.match(server.requests[1]?.headers['authorization'] ?? '', /Credential=ASIAROLE\//);
      assert.equal(server.requests[1]?.headers['x-amz-security-token'], 'st');
    } finally {
      if (previous === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
      else process.env['AWS_ENDPOINT_URL_STS'] = previous;
    }
  });

  test('500 then 200 delivers once; 400 is not retried and carries the AWS message', async () => {
    const notifier = createSnsNotifier(config(), deps);
    server.answers.push({ status: 500, body: '<ErrorResponse><Error><Code>InternalError</Code><Message>boom</Message></Error></ErrorResponse>' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.length, 2);
    server.answers.push({ status: 400, body: '<ErrorResponse><Error><Code>InvalidParameter</Code><Message>Invalid parameter: TopicArn</Message></Error></ErrorResponse>' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.message, 'unexpected status code 400: Invalid parameter: TopicArn');
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      assert.doesNotMatch(e.message, /sns-secret/);
      return true;
    });
    server.answers.push({ status: 403, body: '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>sig</Message></Error></ErrorResponse>' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable && e.reason === 'authError');
  });

  test('template errors are retryable client errors, as in Alertmanager', async () => {
    await assert.rejects(createSnsNotifier(config({ message: '{{ .Nope' }), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.reason, 'clientError');
      assert.equal(e.retryable, true);
      assert.match(e.message, /^execute 'message' template/);
      return true;
    });
  });
});
