import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goCleanPath } from './clean-path.ts';

test('paths clean as Go 1.19 net/http ServeMux cleans them', () => {
  // Where ServeMux redirected each path; a path already clean it served.
  const cases: Array<[string, string]> = [
    ['/', '/'],
    ['//', '/'],
    ['/./', '/'],
    ['/..', '/'],
    ['/../x', '/x'],
    ['/a//b', '/a/b'],
    ['/a/./b', '/a/b'],
    ['/a/b/..', '/a'],
    ['/a/b/../', '/a/'],
    ['/a/b/../c/', '/a/c/'],
    ['/a/', '/a/'],
    ['/a//', '/a/'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['///a///b///', '/a/b/'],
    ['/a/b/./../c', '/a/c'],
    ['/api/v2/alerts/', '/api/v2/alerts/'],
  ];
  for (const [path, clean] of cases) assert.equal(goCleanPath(path), clean, path);
});
