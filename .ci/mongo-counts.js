// Reads vitest's JSON report and prints how many store-contract tests ran over the wire (MONGODB_URI)
// and how many were marked "real MongoDB only" (tests/helpers/realMongo.ts), in the contract and in all.
import { readFileSync } from 'node:fs';

const MARK = '[real MongoDB only:';
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tally = (files) => {
  const tests = files.flatMap((file) => file.assertionResults);
  const marked = tests.filter((test) => test.title.includes(MARK));
  const ran = tests.filter((test) => test.status === 'passed' || test.status === 'failed');
  return {
    ran: ran.length,
    passed: ran.filter((test) => test.status === 'passed').length,
    marked: marked.length,
    otherSkipped: tests.length - ran.length - marked.length,
  };
};
const contract = tally(
  report.testResults.filter((file) => file.name.endsWith('tests/store/mongo.contract.test.ts')),
);
const all = tally(report.testResults);
console.log(
  `MongoDB store contract over the wire (${process.env.MONGODB_FLAVOUR ?? 'mongodb'}): ran ${contract.ran} ` +
    `(${contract.passed} passing), marked real MongoDB only ${contract.marked}; ` +
    `whole suite: marked real MongoDB only ${all.marked}`,
);
